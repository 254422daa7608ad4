package io.agentfleet.agentservice.app;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.Http;
import akka.http.javadsl.HttpsConnectionContext;
import akka.http.javadsl.ServerBuilder;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.settings.ServerSettings;
import com.typesafe.config.Config;
import io.agentfleet.agentservice.api.rest.RestCodecs;
import io.agentfleet.agentservice.audit.AuditDirectives;
import io.agentfleet.agentservice.audit.AuditHistory;
import io.agentfleet.agentservice.audit.AuditLog;
import io.agentfleet.agentservice.audit.AuditSettings;
import io.agentfleet.agentservice.audit.DecisionAudit;
import io.agentfleet.agentservice.auth.AuthSettings;
import io.agentfleet.agentservice.auth.AuthWiring;
import io.agentfleet.agentservice.auth.BearerAuthDirectives;
import io.agentfleet.agentservice.failover.Failover;
import io.agentfleet.agentservice.http.AgentServiceRoutes;
import io.agentfleet.agentservice.impl.AgentDirectory;
import io.agentfleet.agentservice.impl.AgentFleetView;
import io.agentfleet.agentservice.impl.AgentServiceImpl;
import io.agentfleet.agentservice.impl.AgentStatusCache;
import io.agentfleet.agentservice.impl.StatusCacheSettings;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.RegisterResult;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import io.agentfleet.location.http.HealthReport;
import io.agentfleet.location.http.JsonParsingErrorHandler;
import io.agentfleet.location.node.ClusterJoin;
import io.agentfleet.location.node.ClusterNodeConfig;
import io.agentfleet.location.registry.ClusterLocationService;
import io.agentfleet.location.registry.LocationRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import scala.concurrent.duration.FiniteDuration;

/** Builds the Agent Service: a cluster member serving the protected HTTP API and registered in the registry. */
public final class AgentServiceWiring {
  /** The ESW name of the Agent Service. */
  public static final Connection CONNECTION =
      new Connection(Prefix.parse("ESW.agent_service"), ComponentType.Service, ConnectionType.HTTP);

  private final ActorSystem<Void> system;
  private final String hostname;
  private final Optional<HttpsConnectionContext> https;

  public AgentServiceWiring(Config config, String hostname) {
    // Before the actor system: a certificate that cannot be used stops the start, with its reason.
    this.https = ServiceHttps.fromConfig(config, System.getenv());
    this.system = ActorSystem.create(Behaviors.empty(), ClusterNodeConfig.SYSTEM_NAME, withServiceRole(config));
    this.hostname = hostname;
    ClusterJoin.joinSeedsOrSelf(system);
  }

  /**
   * Adds the Agent Service's role to the member's own (the failover decider runs on such members).
   * Refuses a member without the registry role: the service keeps its applied provisions and managed
   * components in replicas of its own, which only registry members have.
   */
  static Config withServiceRole(Config config) {
    java.util.List<String> roles = new java.util.ArrayList<>(config.getStringList("akka.cluster.roles"));
    String registryRole = config.getString("location-service.registry.role");
    if (!roles.contains(registryRole)) {
      throw new IllegalArgumentException("the Agent Service needs the registry role (" + registryRole + "): it keeps its"
          + " provisions and managed components in the registry's replicas; drop --no-registry-role");
    }
    if (!roles.contains(Failover.ROLE)) {
      roles.add(Failover.ROLE);
    }
    return com.typesafe.config.ConfigFactory.parseMap(Map.of("akka.cluster.roles", roles)).withFallback(config);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /**
   * Binds the HTTP API, joins and registers the API; completes with the binding and the registration, or
   * fails when any of it, settings and the audit file included, cannot be done.
   */
  public CompletionStage<Started> start() {
    try {
      return serve();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<Started> serve() {
    Config config = system.settings().config();
    ClusterLocationService locations = LocationRegistry.get(system).service();
    AuthSettings authSettings = AuthSettings.fromConfig(config);
    AgentDirectory agents = new AgentDirectory(system, locations);
    AgentStatusCache statuses = AgentStatusCache.following(locations, StatusCacheSettings.fromConfig(config), Clock.systemUTC());
    BearerAuthDirectives auth = AuthWiring.create(system, authSettings, RestCodecs.newObjectMapper());
    AuditSettings auditSettings = AuditSettings.fromConfig(config);
    AuditLog auditLog = AuditLog.open(auditSettings);
    // Last, so the lines of the final requests reach the file before the JVM exits.
    CoordinatedShutdown.get(Adapter.toClassic(system)).addTask(CoordinatedShutdown.PhaseActorSystemTerminate(), "close-audit-log",
        () -> CompletableFuture.supplyAsync(() -> {
          auditLog.close();
          return Done.getInstance();
        }));
    Executor auditWriter = system.dispatchers().lookup(DispatcherSelector.fromConfig("agent-service.audit.blocking-dispatcher"));
    AgentServiceRoutes routes =
        new AgentServiceRoutes(
            new AgentServiceImpl(agents, locations, statuses),
            new AgentFleetView(agents, statuses),
            Failover.start(system, agents, locations, new DecisionAudit(auditLog::record, auditWriter,
                Cluster.get(system).selfMember().address().toString())),
            auth,
            authSettings,
            config.getBytes("agent-service.http.max-body-size"),
            config.getBoolean("agent-service.metrics.require-viewer-role"),
            () -> HealthReport.of(system),
            config.getDuration("agent-service.http.spawn-timeout"),
            config.getDuration("agent-service.http.provision-timeout"),
            new AuditDirectives(auditLog::record, auditSettings.trustForwardedFor(), Clock.systemUTC()),
            new AuditHistory(auditSettings, auditWriter));
    ServerBuilder server = Http.get(system).newServerAt(config.getString("agent-service.http.host"), config.getInt("agent-service.http.port"))
        .withSettings(JsonParsingErrorHandler.installedIn(serverSettings(config)));
    ServerBuilder served = https.map(server::enableHttps).orElse(server);
    String scheme = https.isPresent() ? "https" : "http";
    // Bound before it is a member, so /health answers 503 while it joins instead of refusing connections.
    return served.bind(routes.route())
        .thenCompose(binding -> {
          binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
          return ClusterJoin.awaitUp(system, config.getDuration("agent-service.join-timeout")).thenApply(up -> binding);
        })
        .thenCompose(binding -> {
          URI uri = URI.create(scheme + "://" + binding.localAddress().getHostString() + ":" + binding.localAddress().getPort() + "/");
          Location location = new Location(CONNECTION, uri, Map.of(Location.HOSTNAME, hostname, Location.PID, Long.toString(ProcessHandle.current().pid())));
          return locations.register(Registration.of(location)).thenApply(result -> {
            if (result instanceof Registered registered) {
              // Unregister before the HTTP server unbinds, so nobody finds a service that is going
              // away; fenced by this registration's epoch, and only when this instance holds the name,
              // so an instance that lost the race for it never removes the one that won.
              long epoch = registered.location().epoch().orElse(0L);
              CoordinatedShutdown.get(Adapter.toClassic(system)).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "unregister-agent-service",
                  () -> locations.unregister(CONNECTION, epoch).thenApply(r -> Done.getInstance()));
            }
            return new Started(binding, uri, result);
          });
        });
  }

  /** Where the API listens (its URI says whether over HTTPS) and how its registration went. */
  public record Started(ServerBinding binding, URI uri, RegisterResult registration) {}

  /**
   * Akka HTTP's server settings with the service's idle timeout, which must outlast a provision, and
   * the caller's address on every request: the audit log records it, and Akka HTTP only hands it to
   * routes on request.
   */
  private static ServerSettings serverSettings(Config config) {
    ServerSettings defaults = ServerSettings.create(config);
    FiniteDuration idle = FiniteDuration.fromNanos(config.getDuration("agent-service.http.idle-timeout").toNanos());
    return defaults.withTimeouts(defaults.getTimeouts().withIdleTimeout(idle)).withRemoteAddressAttribute(true);
  }
}
