package io.agentfleet.agentservice.http;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import io.agentfleet.agentservice.auth.BearerAuthDirectives;
import io.agentfleet.agentservice.auth.Role;
import io.agentfleet.agentservice.impl.ComponentLogs;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/components/{componentId}/logs}: the last {@code lines} lines of a component's log
 * ({@code ?lines=N}, the default), or what follows {@code ?offset=O} for a follower; {@code agent=PREFIX}
 * names the agent whose host holds it, needed once the component is gone. Needs the viewer role.
 */
final class ComponentLogRoutes extends AllDirectives {
  static final int DEFAULT_LINES = 100;

  private final ComponentLogs logs;
  private final BearerAuthDirectives auth;
  private final RequestMetrics metrics;
  private final RestResponses responses = new RestResponses();

  ComponentLogRoutes(ComponentLogs logs, BearerAuthDirectives auth, RequestMetrics metrics) {
    this.logs = logs;
    this.auth = auth;
    this.metrics = metrics;
  }

  /** The route of one component's log. */
  Route route(String componentId) {
    return get(() -> metrics.measured("logs", () -> auth.authorized(Role.VIEWER, user ->
        parameterOptional("lines", lines -> parameterOptional("offset", offset -> parameterOptional("agent", agent ->
            read(componentId, lines, offset, agent)))))));
  }

  private Route read(String componentId, Optional<String> lines, Optional<String> offset, Optional<String> agent) {
    if (lines.isPresent() && offset.isPresent()) {
      return badRequest("give lines (the last lines) or offset (what follows it), not both");
    }
    if (offset.isPresent()) {
      long from;
      try {
        from = Long.parseLong(offset.get());
      } catch (NumberFormatException e) {
        from = -1;
      }
      if (from < 0) {
        return badRequest("offset must be a whole number of bytes, 0 or more, not '" + offset.get() + "'");
      }
      long at = from;
      return answered(componentId, () -> logs.from(componentId, agent, at));
    }
    int count;
    try {
      count = lines.map(Integer::parseInt).orElse(DEFAULT_LINES);
    } catch (NumberFormatException e) {
      count = 0;
    }
    if (count < 1 || count > ComponentLogs.MAX_LINES) {
      return badRequest("lines must be a whole number from 1 to " + ComponentLogs.MAX_LINES + ", not '" + lines.orElse("") + "'");
    }
    int n = count;
    return answered(componentId, () -> logs.tail(componentId, agent, n));
  }

  private Route answered(String componentId, Supplier<CompletionStage<ComponentLogs.Outcome>> read) {
    return onComplete(read.get(), result -> {
      if (result.isSuccess()) {
        return complete(responses.logRead(componentId, result.get()));
      }
      Throwable failure = result.failed().get();
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (cause instanceof IllegalArgumentException) {
        return badRequest(cause.getMessage());
      }
      return failWith(cause);
    });
  }

  private Route badRequest(String message) {
    return complete(responses.error(StatusCodes.BAD_REQUEST, "BadRequest", message));
  }
}
