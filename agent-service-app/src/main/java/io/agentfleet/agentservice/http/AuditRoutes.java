package io.agentfleet.agentservice.http;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import io.agentfleet.agentservice.audit.AuditHistory;
import io.agentfleet.agentservice.auth.BearerAuthDirectives;
import io.agentfleet.agentservice.auth.Role;
import java.util.Optional;

/** {@code GET /api/v1/audit?limit=N}: the latest audit entries, newest last. Needs the viewer role. */
final class AuditRoutes extends AllDirectives {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final AuditHistory history;
  private final BearerAuthDirectives auth;
  private final RequestMetrics metrics;
  private final RestResponses responses = new RestResponses();

  AuditRoutes(AuditHistory history, BearerAuthDirectives auth, RequestMetrics metrics) {
    this.history = history;
    this.auth = auth;
    this.metrics = metrics;
  }

  Route route() {
    Route latest = metrics.measured("audit", auth.authorized(Role.VIEWER, user ->
        parameterOptional("limit", limit -> latest(limit))));
    return get(() -> latest);
  }

  private Route latest(Optional<String> text) {
    int limit;
    try {
      limit = text.map(Integer::parseInt).orElse(DEFAULT_LIMIT);
    } catch (NumberFormatException e) {
      return badLimit(text.get());
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      return badLimit(text.get());
    }
    return onSuccess(history.latest(limit), entries -> complete(responses.json(StatusCodes.OK, entries)));
  }

  private Route badLimit(String text) {
    return complete(responses.error(StatusCodes.BAD_REQUEST, "BadRequest",
        "limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + text + "'"));
  }
}
