package io.agentfleet.agent.app;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ServerBinding;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.host.Agent;
import io.agentfleet.agent.host.AgentSettings;
import io.agentfleet.agent.kinds.ComponentKinds;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.RegisterResult;
import io.agentfleet.location.http.RegistryHttpServer;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import io.agentfleet.location.node.ClusterJoin;
import io.agentfleet.location.node.ClusterNodeConfig;
import io.agentfleet.location.registry.ClusterLocationService;
import io.agentfleet.location.registry.LocationRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Builds an agent: a full registry member serving the registry HTTP API on its host, the Agent actor,
 * and the agent's own registration as {@code <prefix>-Machine-akka}.
 */
public final class AgentWiring {
  private final ActorSystem<Void> system;
  private final Prefix prefix;
  private final String hostname;

  private static final String STOP_PHASE_TIMEOUT = "akka.coordinated-shutdown.phases.before-cluster-shutdown.timeout";

  private final ComponentKinds kinds;

  /** @throws com.typesafe.config.ConfigException when a component kind is invalid, before anything starts */
  public AgentWiring(Config config, Prefix prefix, String hostname) {
    // Read first: a bad kind is refused before this JVM joins the cluster or waits for seeds.
    this.kinds = ComponentKinds.fromConfig(config);
    // The phase in which the agent stops its components must last as long as stopping them may take.
    Config withStopTime = ConfigFactory.parseMap(Map.of(STOP_PHASE_TIMEOUT, config.getString("agent.stop-timeout"))).withFallback(config);
    this.system = ActorSystem.create(Behaviors.empty(), ClusterNodeConfig.SYSTEM_NAME, withStopTime);
    this.prefix = prefix;
    this.hostname = hostname;
    ClusterJoin.joinSeedsOrSelf(system);
    LocationRegistry.get(system);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Serves the registry API, starts the Agent and registers it; completes with the registration result. */
  public CompletionStage<Started> start() {
    ClusterLocationService locations = LocationRegistry.get(system).service();
    return ClusterJoin.awaitUp(system, system.settings().config().getDuration("agent.join-timeout"))
        .thenCompose(up -> RegistryHttpServer.start(system))
        .thenCompose(
            binding -> {
              URI registryUrl = URI.create("http://" + binding.localAddress().getHostString() + ":" + binding.localAddress().getPort());
              AgentSettings settings = AgentSettings.fromConfig(system.settings().config(), kinds, prefix, hostname, registryUrl);
              ActorRef<Object> agent = system.systemActorOf(Agent.create(settings, locations), "agent", Props.empty());
              stopComponentsOnShutdown(agent, settings);
              Location location =
                  new Location(
                      AgentClient.agentConnection(prefix),
                      URI.create(ActorRefResolver.get(system).toSerializationFormat(agent)),
                      machineMetadata());
              return locations.register(Registration.of(location)).thenApply(result -> new Started(binding, result));
            });
  }

  /**
   * Components outlive the agent's JVM (each is a process group of its own), and their registrations
   * go with the agent's cluster membership: an agent that stops without stopping them would leave
   * them running unregistered, free to be spawned a second time. So the agent stops them while it is
   * still a member, before it leaves the cluster.
   */
  private void stopComponentsOnShutdown(ActorRef<Object> agent, AgentSettings settings) {
    Duration timeout = system.settings().config().getDuration(STOP_PHASE_TIMEOUT);
    CoordinatedShutdown.get(system)
        .addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(), "stop-components", () ->
            AskPattern.<Object, Done>ask(agent, Agent.StopAll::new, timeout, system.scheduler()));
  }

  /** The outcome of starting: where the registry API listens and how the agent's registration went. */
  public record Started(ServerBinding registryBinding, RegisterResult registration) {}

  private Map<String, String> machineMetadata() {
    long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return Map.of(
        Location.HOSTNAME, hostname,
        Location.PID, Long.toString(ProcessHandle.current().pid()),
        "cores", Integer.toString(Runtime.getRuntime().availableProcessors()),
        "memoryBytes", Long.toString(memory));
  }
}
