package io.agentfleet.agentservice.http;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import io.agentfleet.agentservice.audit.AuditDirectives;
import io.agentfleet.agentservice.auth.BearerAuthDirectives;
import io.agentfleet.agentservice.auth.Role;
import io.agentfleet.agentservice.provisionfile.InvalidProvisionFileException;
import io.agentfleet.agentservice.provisionfile.ProvisionFiles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * {@code /api/v1/provisions}: provision files (HOCON or JSON, the request body as it is) planned, and
 * applied as jobs whose progress is polled. Planning and applying need the operator role, a job's
 * progress the viewer role.
 */
final class ProvisionFileRoutes extends AllDirectives {
  private final ProvisionFiles files;
  private final BearerAuthDirectives auth;
  private final RequestMetrics metrics;
  private final AuditDirectives audit;
  private final scala.concurrent.duration.FiniteDuration planTimeout;
  private final RestResponses responses = new RestResponses();

  /** @param planTimeout how long an apply may wait for the jobs before it and its own plan */
  ProvisionFileRoutes(ProvisionFiles files, BearerAuthDirectives auth, RequestMetrics metrics, AuditDirectives audit,
      scala.concurrent.duration.FiniteDuration planTimeout) {
    this.files = files;
    this.auth = auth;
    this.metrics = metrics;
    this.audit = audit;
    this.planTimeout = planTimeout;
  }

  Route route() {
    Route plan = post(() -> metrics.measured("provisions-plan", () -> auth.authorized(Role.OPERATOR, user ->
        entity(Unmarshaller.entityToString(), this::plan))));
    Route apply = post(() -> audit.recorded("provision", Optional.empty(), Optional.empty(), () -> metrics.measured("provisions-apply",
        () -> auth.authorized(Role.OPERATOR, user -> entity(Unmarshaller.entityToString(), this::apply)))));
    return concat(
        pathEndOrSingleSlash(() -> apply),
        path("plan", () -> plan),
        path(segment(), id -> get(() -> metrics.measured("provisions-job", () -> auth.authorized(Role.VIEWER, user -> job(id))))));
  }

  private Route plan(String text) {
    return parsed(text, files::plan, planned -> complete(planned.plan()
        .map(p -> responses.json(StatusCodes.OK, p.view()))
        .orElseGet(() -> refused(planned.refusal().orElseThrow()))));
  }

  private Route apply(String text) {
    return withRequestTimeout(planTimeout, () -> parsed(text, files::apply, applied -> complete(applied.job()
        .map(job -> responses.json(StatusCodes.ACCEPTED, job).addHeader(Location.create("/api/v1/provisions/" + job.id())))
        .orElseGet(() -> refused(applied.refusal().orElseThrow())))));
  }

  private Route job(String id) {
    return complete(files.job(id)
        .map(job -> responses.json(StatusCodes.OK, job))
        .orElseGet(() -> responses.error(StatusCodes.NOT_FOUND, "UnknownProvisionJob",
            "no provision job " + id + " on this service (jobs are kept by the service that ran them, the latest ones only)")));
  }

  /** The file read and handed to {@code call}; an invalid one is a 400 naming every problem, and nothing starts. */
  private <T> Route parsed(String text, Function<String, CompletionStage<T>> call, Function<T, Route> onValue) {
    CompletionStage<T> answer;
    try {
      answer = call.apply(text);
    } catch (InvalidProvisionFileException e) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "InvalidProvisionFile");
      body.put("message", e.getMessage());
      body.put("problems", e.problems());
      return complete(responses.json(StatusCodes.BAD_REQUEST, body));
    }
    return onSuccess(answer, onValue::apply);
  }

  private HttpResponse refused(ProvisionFiles.Refusal refusal) {
    if (refusal instanceof ProvisionFiles.UnknownAgents unknown) {
      return responses.error(StatusCodes.NOT_FOUND, "UnknownAgent", "no agent is registered as "
          + String.join(", ", unknown.agents().stream().map(Object::toString).toList()) + "; nothing was started or stopped");
    }
    return responses.error(StatusCodes.SERVICE_UNAVAILABLE, "ProvisionStateUnavailable", ((ProvisionFiles.StateUnavailable) refusal).reason());
  }
}
