package io.agentfleet.agentservice.http;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import io.agentfleet.agentservice.api.rest.RestCodecs;
import io.agentfleet.agentservice.api.rest.RestManageRequest;
import io.agentfleet.agentservice.audit.AuditDirectives;
import io.agentfleet.agentservice.auth.BearerAuthDirectives;
import io.agentfleet.agentservice.auth.Role;
import io.agentfleet.agentservice.failover.Failover;
import io.agentfleet.agentservice.failover.FailoverPolicy;
import io.agentfleet.agentservice.failover.ManagedComponent;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/managed-components}: components the service keeps up, relaunching them on a backup
 * agent when the agent running them is lost. Managing needs the operator role, reading the viewer role.
 */
final class ManagedComponentRoutes extends AllDirectives {
  private final Failover failover;
  private final BearerAuthDirectives auth;
  private final RequestMetrics metrics;
  private final AuditDirectives audit;
  private final RestCodecs rest = new RestCodecs();
  private final RestResponses responses = new RestResponses();

  ManagedComponentRoutes(Failover failover, BearerAuthDirectives auth, RequestMetrics metrics, AuditDirectives audit) {
    this.failover = failover;
    this.auth = auth;
    this.metrics = metrics;
    this.audit = audit;
  }

  Route route() {
    Route list = metrics.measured("managed", auth.authorized(Role.VIEWER, user ->
        onSuccess(failover.list(), all -> complete(responses.json(StatusCodes.OK, all)))));
    return concat(
        pathEndOrSingleSlash(() -> get(() -> list)),
        path(segment(), prefix -> concat(
            get(() -> metrics.measured("managed", () -> auth.authorized(Role.VIEWER, user -> show(prefix)))),
            put(() -> audit.recorded("manage", Optional.empty(), Optional.of(prefix), () -> metrics.measured("manage", () -> auth.authorized(Role.OPERATOR, user ->
                entity(Unmarshaller.entityToByteArray(), body -> manage(prefix, body)))))),
            delete(() -> audit.recorded("unmanage", Optional.empty(), Optional.of(prefix),
                () -> metrics.measured("unmanage", () -> auth.authorized(Role.OPERATOR, user -> unmanage(prefix))))))));
  }

  private Route show(String prefix) {
    return withPrefix(prefix, component -> onSuccess(failover.list(), all -> complete(all.stream()
        .filter(m -> m.component().equals(component))
        .findFirst()
        .map(m -> responses.json(StatusCodes.OK, m))
        .orElseGet(() -> responses.error(StatusCodes.NOT_FOUND, "NotManaged", prefix + " is not a managed component")))));
  }

  private Route manage(String prefix, byte[] body) {
    FailoverPolicy policy;
    try {
      RestManageRequest request = rest.readRequest(body, RestManageRequest.class);
      policy = new FailoverPolicy(Prefix.parse(prefix), request.kind(), ComponentType.parse(request.componentType()), request.args(),
          request.agents().stream().map(Prefix::parse).toList());
    } catch (IllegalArgumentException e) {
      return complete(responses.error(StatusCodes.BAD_REQUEST, "BadRequest", e.getMessage()));
    }
    return onSuccess(failover.manage(policy), managed -> complete(managed.status() == ManagedComponent.Status.Running
        ? responses.json(StatusCodes.OK, managed)
        // Managed from now on (tried again every retry-interval), but not running: say so.
        : responses.json(StatusCodes.ACCEPTED, managed)));
  }

  /** Stops managing; the component keeps running where it runs. */
  private Route unmanage(String prefix) {
    return withPrefix(prefix, component -> onSuccess(failover.unmanage(component), removed -> complete(removed
        .map(m -> responses.json(StatusCodes.OK, Map.of("unmanaged", prefix, "status", m.status().name())))
        .orElseGet(() -> responses.error(StatusCodes.NOT_FOUND, "NotManaged", prefix + " is not a managed component")))));
  }

  private Route withPrefix(String text, java.util.function.Function<Prefix, Route> inner) {
    Prefix prefix;
    try {
      prefix = Prefix.parse(text);
    } catch (IllegalArgumentException e) {
      return complete(responses.error(StatusCodes.BAD_REQUEST, "BadRequest", e.getMessage()));
    }
    return inner.apply(prefix);
  }
}
