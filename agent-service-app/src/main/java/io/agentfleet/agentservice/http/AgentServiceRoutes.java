package io.agentfleet.agentservice.http;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import io.agentfleet.agentservice.api.InvalidRequestException;
import io.agentfleet.agentservice.api.protocol.AgentServiceCodecs;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.GetAgentStatus;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.KillComponent;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.Provision;
import io.agentfleet.agentservice.api.protocol.ProvisionConfig;
import io.agentfleet.agentservice.impl.provision.Provisioner;
import io.agentfleet.agentservice.provisionfile.ProvisionFiles;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.SpawnComponent;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.SpawnSequenceComponent;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.SpawnSequenceManager;
import io.agentfleet.agentservice.api.protocol.AgentStatusResponse;
import io.agentfleet.agentservice.api.protocol.ComponentIdDto;
import io.agentfleet.agentservice.api.rest.AgentView;
import io.agentfleet.agentservice.api.rest.RestCodecs;
import io.agentfleet.agentservice.api.rest.RestSpawnRequest;
import io.agentfleet.agentservice.audit.AuditDirectives;
import io.agentfleet.agentservice.audit.AuditHistory;
import io.agentfleet.agentservice.auth.AuthSettings;
import io.agentfleet.agentservice.auth.BearerAuthDirectives;
import io.agentfleet.agentservice.auth.Role;
import io.agentfleet.agentservice.failover.Failover;
import io.agentfleet.agentservice.impl.AgentFleetView;
import io.agentfleet.agentservice.impl.AgentServiceImpl;
import io.agentfleet.location.http.BadRequestException;
import io.agentfleet.location.http.ErrorHandling;
import io.agentfleet.location.http.HealthReport;
import io.agentfleet.location.model.InvalidNameException;
import io.agentfleet.location.model.Prefix;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Agent Service's HTTP API: ESW's {@code POST /post-endpoint} and the REST API under
 * {@code /api/v1}. Spawn and kill need the operator role; status and listings the viewer role.
 */
public final class AgentServiceRoutes extends AllDirectives {
  private final AgentServiceImpl service;
  private final AgentFleetView fleet;
  private final BearerAuthDirectives auth;
  private final AuthSettings authSettings;
  private final long maxBodyBytes;
  private final boolean metricsRequireViewer;
  private final Supplier<HealthReport> health;
  private final scala.concurrent.duration.FiniteDuration provisionTimeout;
  private final scala.concurrent.duration.FiniteDuration spawnTimeout;
  private final AgentServiceCodecs wire = new AgentServiceCodecs();
  private final RestCodecs rest = new RestCodecs();
  private final RestResponses responses = new RestResponses();
  private final RequestMetrics metrics = new RequestMetrics();
  private final ErrorHandling errors = new ErrorHandling();
  private final LastRendered<AgentStatusResponse> statusJson = new LastRendered<>(wire::writeAgentStatusResponse);
  private final LastRendered<List<AgentView>> agentsJson = new LastRendered<>(rest::write);
  private final ManagedComponentRoutes managed;
  private final AuditDirectives audit;
  private final AuditRoutes auditLog;
  private final ProvisionFileRoutes provisionFiles;

  /**
   * @param failover the managed components ({@code /api/v1/managed-components})
   * @param metricsRequireViewer whether {@code /metrics} needs the viewer role, like the read-only API
   * @param health this service's membership: {@code /health} answers 503 unless it is an Up member
   * @param spawnTimeout how long a spawn may take before the server answers 503: it may wait for one
   *     of the agent's start slots, so it outlasts the server's default request timeout
   * @param provisionTimeout how long a provision may take before the server answers 503: its spawns
   *     wait for the agents' start slots, so it outlasts the server's default request timeout
   * @param audit records every change and every refusal of one
   * @param auditHistory the audit log's latest entries ({@code /api/v1/audit})
   */
  public AgentServiceRoutes(AgentServiceImpl service, AgentFleetView fleet, Failover failover, BearerAuthDirectives auth,
      AuthSettings authSettings, long maxBodyBytes, boolean metricsRequireViewer, Supplier<HealthReport> health,
      Duration spawnTimeout, Duration provisionTimeout, AuditDirectives audit, AuditHistory auditHistory) {
    this.spawnTimeout = scala.concurrent.duration.FiniteDuration.fromNanos(spawnTimeout.toNanos());
    this.provisionTimeout = scala.concurrent.duration.FiniteDuration.fromNanos(provisionTimeout.toNanos());
    this.service = service;
    this.fleet = fleet;
    this.auth = auth;
    this.authSettings = authSettings;
    this.maxBodyBytes = maxBodyBytes;
    this.metricsRequireViewer = metricsRequireViewer;
    this.health = health;
    this.audit = audit;
    this.managed = new ManagedComponentRoutes(failover, auth, metrics, audit);
    this.auditLog = new AuditRoutes(auditHistory, auth, metrics);
    this.provisionFiles = new ProvisionFileRoutes(ProvisionFiles.start(service, fleet, failover), auth, metrics, audit, this.provisionTimeout);
  }

  public Route route() {
    // Each piece is built once, here: the javadsl calls a directive's inner Supplier on every request
    // it lets through, so a tree built inside those Suppliers would be built again for every request.
    Route health = get(this::health);
    Route scrape = metricsRequireViewer ? get(() -> auth.authorized(Role.VIEWER, user -> metrics.scrape())) : get(metrics::scrape);
    Route measuredPost = metrics.measured("post-endpoint", postEndpoint());
    // Every change asked through the ESW contract is recorded, its action named by the request's _type.
    Route postEndpoint = post(() -> audit.recordedByType(() -> measuredPost));
    Route rest = restRoutes();
    Route routes = concat(
        path("health", () -> health),
        path("metrics", () -> scrape),
        path("post-endpoint", () -> postEndpoint),
        pathPrefix("api", () -> pathPrefix("v1", () -> rest)));
    return errors.handled(() -> withSizeLimit(maxBodyBytes, () -> routes));
  }

  /** 200 while this service is an Up member of the cluster, else 503: it could not reach the registry or the agents. */
  private Route health() {
    HealthReport report = health.get();
    return complete(responses.json(report.healthy() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE, report));
  }

  // ---- ESW contract

  private Route postEndpoint() {
    return auth.authorized(Role.VIEWER, user -> entity(Unmarshaller.entityToByteArray(), body -> {
      AgentServiceRequest request;
      try {
        request = wire.readRequest(body);
      } catch (IllegalArgumentException e) {
        return complete(responses.error(StatusCodes.BAD_REQUEST, "BadRequest", e.getMessage()));
      }
      if (!(request instanceof GetAgentStatus) && !authSettings.grants(user.roles(), Role.OPERATOR)) {
        return complete(responses.error(StatusCodes.FORBIDDEN, "Forbidden",
            "user '" + user.username() + "' may not make this call: it needs role " + authSettings.operatorRole()));
      }
      return dispatch(request);
    }));
  }

  private Route dispatch(AgentServiceRequest request) {
    if (request instanceof SpawnSequenceComponent r) {
      return withRequestTimeout(spawnTimeout, () ->
          wireAnswer(service.spawnSequenceComponent(r.agentPrefix(), r.componentName(), r.version(), r.simulation()), wire::writeSpawnResponse));
    }
    if (request instanceof SpawnSequenceManager r) {
      return withRequestTimeout(spawnTimeout, () ->
          wireAnswer(service.spawnSequenceManager(r.agentPrefix(), r.obsModeConfigPath(), r.isConfigLocal(), r.version(), r.simulation()), wire::writeSpawnResponse));
    }
    if (request instanceof SpawnComponent r) {
      return withRequestTimeout(spawnTimeout, () ->
          wireAnswer(service.spawnComponent(r.agentPrefix(), r.kind(), r.prefix(), r.componentType(), r.args()), wire::writeSpawnResponse));
    }
    if (request instanceof Provision r) {
      return withRequestTimeout(provisionTimeout, () -> wireAnswer(service.provision(r.config()), wire::writeProvisionResponse));
    }
    if (request instanceof KillComponent r) {
      return wireAnswer(service.killComponent(r.componentId()), wire::writeKillResponse);
    }
    return wireAnswer(service.getAgentStatus(), statusJson::json);
  }

  private <T> Route wireAnswer(CompletionStage<T> answer, Function<T, byte[]> write) {
    return answered(answer, value -> complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, write.apply(value))));
  }

  /** {@code onValue} with the answer; a failed answer is a 400 when a name did not parse, else a server failure. */
  private <T> Route answered(CompletionStage<T> answer, Function<T, Route> onValue) {
    return onComplete(answer, result -> result.isSuccess() ? onValue.apply(result.get()) : failWith(badRequestOr(result.failed().get())));
  }

  // ---- REST

  private Route restRoutes() {
    Route listAgents = listAgents();
    Route list = get(() -> listAgents);
    Route agents = concat(
        pathEndOrSingleSlash(() -> list),
        path(segment(), prefix -> get(() -> showAgent(prefix))),
        path(segment().slash("components"), prefix -> post(() -> audit.recorded("spawn", Optional.of(prefix), Optional.empty(), () -> spawnOn(prefix)))));
    Route showStatus = status();
    Route status = get(() -> showStatus);
    Route managedComponents = managed.route();
    Route provision = post(() -> audit.recorded("provision", Optional.empty(), Optional.empty(), () -> metrics.measured("provision",
        () -> auth.authorized(Role.OPERATOR, user -> entity(Unmarshaller.entityToByteArray(), body -> provision(body, false))))));
    Route provisionPlan = post(() -> metrics.measured("provision-plan", () -> auth.authorized(Role.OPERATOR, user ->
        entity(Unmarshaller.entityToByteArray(), body -> provision(body, true)))));
    Route auditEntries = auditLog.route();
    Route provisions = provisionFiles.route();
    return concat(
        path("audit", () -> auditEntries),
        pathPrefix("managed-components", () -> managedComponents),
        pathPrefix("agents", () -> agents),
        path("provision", () -> provision),
        pathPrefix("provisions", () -> provisions),
        path(segment("provision").slash("plan"), () -> provisionPlan),
        path(segment("components").slash(segment()).slash("logs"), new ComponentLogRoutes(service.logs(), auth, metrics)::route),
        path(segment("components").slash(segment()), id -> delete(() -> audit.recorded("kill", Optional.empty(), Optional.of(id.split("-", 2)[0]),
            () -> metrics.measured("kill", () -> auth.authorized(Role.OPERATOR, user -> kill(id)))))),
        path("status", () -> status));
  }

  private Route listAgents() {
    return metrics.measured("agents", auth.authorized(Role.VIEWER, user ->
        onSuccess(fleet.all(), agents -> complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, agentsJson.json(agents))))));
  }

  private Route showAgent(String prefix) {
    return metrics.measured("agent", () -> auth.authorized(Role.VIEWER, user ->
        onSuccess(fleet.one(parsePrefix(prefix)), agent -> complete(agent
            .map(a -> responses.json(StatusCodes.OK, a))
            .orElseGet(() -> responses.error(StatusCodes.NOT_FOUND, "UnknownAgent", "no agent is registered as " + prefix))))));
  }

  private Route spawnOn(String prefix) {
    return metrics.measured("spawn", () -> auth.authorized(Role.OPERATOR, user ->
        entity(Unmarshaller.entityToByteArray(), body -> spawn(prefix, body))));
  }

  private Route status() {
    return metrics.measured("status", auth.authorized(Role.VIEWER, user ->
        onSuccess(service.getAgentStatus(), status ->
            complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, statusJson.json(status))))));
  }

  private Route spawn(String agentPrefix, byte[] body) {
    RestSpawnRequest request;
    try {
      request = rest.readRequest(body, RestSpawnRequest.class);
    } catch (IllegalArgumentException e) {
      return complete(responses.error(StatusCodes.BAD_REQUEST, "BadRequest", e.getMessage()));
    }
    return withRequestTimeout(spawnTimeout, () -> answered(service.spawn(agentPrefix, request.kind(), request.prefix(), request.componentType(), request.args()),
        value -> complete(responses.spawned(value))));
  }

  /** Applies a provision config, or only plans it: what it would start, stop and keep. */
  private Route provision(byte[] body, boolean planOnly) {
    ProvisionConfig config;
    try {
      config = rest.readRequest(body, ProvisionConfig.class);
    } catch (IllegalArgumentException e) {
      return complete(responses.error(StatusCodes.BAD_REQUEST, "BadRequest", e.getMessage()));
    }
    Provisioner provisioner = service.provisioner();
    if (planOnly) {
      return answered(provisioner.plan(config), outcome -> complete(responses.provisionPlanned(outcome)));
    }
    return withRequestTimeout(provisionTimeout, () -> answered(provisioner.apply(config), outcome -> complete(responses.provisioned(outcome))));
  }

  /** {@code ESW.c1-SequenceComponent} (a component id) or {@code ESW.c1-SequenceComponent-akka} (a connection). */
  private Route kill(String id) {
    String[] parts = id.split("-", -1);
    if (parts.length != 2 && parts.length != 3) {
      return complete(responses.error(StatusCodes.BAD_REQUEST, "BadRequest",
          "'" + id + "' is neither a component id (ESW.c1-SequenceComponent) nor a connection name (ESW.c1-SequenceComponent-akka)"));
    }
    return answered(service.kill(new ComponentIdDto(parts[0], parts[1])), value -> complete(responses.killed(value)));
  }

  private static Prefix parsePrefix(String text) {
    try {
      return Prefix.parse(text);
    } catch (InvalidNameException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  /** A name that does not parse is the caller's mistake (400); anything else stays a server failure. */
  private static Throwable badRequestOr(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof IllegalArgumentException || cause instanceof InvalidRequestException) {
      return new BadRequestException(cause.getMessage());
    }
    return cause;
  }
}
