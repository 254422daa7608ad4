package io.agentfleet.agent.app;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ServerBinding;
import akka.pattern.Patterns;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.host.Agent;
import io.agentfleet.agent.host.AgentSettings;
import io.agentfleet.agent.kinds.ComponentKinds;
import io.agentfleet.agent.process.LeftBehind;
import io.agentfleet.agent.fencing.ComponentLeases;
import io.agentfleet.agent.fencing.FencedLauncher;
import io.agentfleet.agent.fencing.MajorityStanding;
import io.agentfleet.agent.fencing.RegistryWitnesses;
import io.agentfleet.agent.fencing.WatchdogJar;
import io.agentfleet.agent.process.LocalProcessLauncher;
import io.agentfleet.agent.process.ProcessLauncher;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.AlreadyReserved;
import io.agentfleet.location.api.RegistrationResult.RegisterResult;
import io.agentfleet.location.api.RegistrationResult.RegistryUnavailable;
import io.agentfleet.location.api.RegistrationResult.ReserveResult;
import io.agentfleet.location.api.RegistrationResult.Reserved;
import io.agentfleet.location.http.RegistryHttpServer;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import io.agentfleet.location.node.ClusterJoin;
import io.agentfleet.location.node.ClusterNodeConfig;
import io.agentfleet.location.node.FencingTiming;
import io.agentfleet.location.registry.ClusterLocationService;
import io.agentfleet.location.registry.LocationRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Builds an agent: a full registry member serving the registry HTTP API on its host, the Agent actor,
 * and the agent's own registration as {@code <prefix>-Machine-akka}.
 */
public final class AgentWiring {
  private final ActorSystem<Void> system;
  private final Prefix prefix;
  private final String hostname;

  // How long beyond stopping what an earlier run left the agent's own name stays held for it.
  private static final Duration START_MARGIN = Duration.ofSeconds(30);
  private static final Duration RESERVE_RETRY = Duration.ofSeconds(1);
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
    // Taken before this agent can start anything, so only what an earlier run left is in it.
    LeftBehind leftBehind = LeftBehind.by(prefix);
    Duration longestGrace = kinds.longestKillGrace();
    return ClusterJoin.awaitUp(system, joinTimeout())
        .thenCompose(up -> RegistryHttpServer.start(system))
        .thenCompose(
            binding ->
                // Hold the agent's own name first: a live agent with this prefix would hold it, and
                // its components must not be touched. Holding it, what carries our marker is ours.
                reserveOwnName(locations, longestGrace.plus(START_MARGIN), System.nanoTime() + joinTimeout().toNanos())
                    .thenCompose(reserved -> reserved instanceof Reserved held
                        ? stopLeftBehind(leftBehind, longestGrace).thenCompose(stopped -> startAgent(locations, binding, held.epoch()))
                        : CompletableFuture.completedFuture(new Started(binding, refusal(reserved)))));
  }

  /**
   * Reserves the agent's own name, asking again while the registry cannot answer: an agent restarted
   * right after its crash finds its name's shard still on the dead member until the shard is re-homed
   * (about 10 s), and should wait that out rather than exit.
   */
  private CompletionStage<ReserveResult> reserveOwnName(ClusterLocationService locations, Duration hold, long deadlineNanos) {
    return locations.reserve(AgentClient.agentConnection(prefix), hold).thenCompose(reply -> {
      ReserveResult result = asOwnReservation(reply, locations.selfAddress(), hold);
      boolean heldByDeparted = result instanceof AlreadyRegistered taken && !heldByMember(taken.existing());
      if (!(result instanceof RegistryUnavailable || heldByDeparted) || System.nanoTime() > deadlineNanos) {
        return CompletableFuture.completedFuture(result);
      }
      if (heldByDeparted) {
        system.log().info("{}: the name is still held by an earlier agent that is no longer a member, until its components"
            + " have surely stopped; asking again", prefix);
      } else {
        system.log().info("{}: the registry cannot answer yet ({}); asking again", prefix, ((RegistryUnavailable) result).message());
      }
      return Patterns.after(RESERVE_RETRY, system.classicSystem().scheduler(), system.executionContext(),
          () -> reserveOwnName(locations, hold, deadlineNanos));
    });
  }

  /**
   * Whether the agent registered at {@code location} (an actor in some member) is in a member that is
   * still in the cluster: an agent restarted after a crash finds its name held by its earlier
   * incarnation until the registry has confirmed that incarnation's components stopped.
   */
  private boolean heldByMember(io.agentfleet.location.model.Location location) {
    String address = location.uri().getScheme() + "://" + location.uri().getRawAuthority();
    akka.cluster.Cluster cluster = akka.cluster.Cluster.get(system.classicSystem());
    if (cluster.selfAddress().toString().equals(address)) {
      return false; // an earlier incarnation at this very address (a restart on a fixed port): not this one
    }
    for (akka.cluster.Member member : cluster.state().getMembers()) {
      boolean active = member.status() != akka.cluster.MemberStatus.down() && member.status() != akka.cluster.MemberStatus.removed();
      if (active && member.address().toString().equals(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code result}, or the reservation it names when this very member (this incarnation) holds it: an
   * earlier attempt whose ask timed out (answered {@code RegistryUnavailable}) may still have been
   * granted, and asking again then finds the name held by ourselves. It is ours, with that epoch;
   * refusing it would make a slow start exit for nothing.
   */
  static ReserveResult asOwnReservation(ReserveResult result, String self, Duration hold) {
    if (result instanceof AlreadyReserved held && held.owner().equals(self)) {
      // The earlier grant's deadline is at most this far away; it is not read past the registration.
      return new Reserved(held.connection(), held.epoch(), java.time.Instant.now().plus(hold));
    }
    return result;
  }

  private Duration joinTimeout() {
    return system.settings().config().getDuration("agent.join-timeout");
  }

  private CompletionStage<Started> startAgent(ClusterLocationService locations, ServerBinding binding, long epoch) {
    URI registryUrl = URI.create("http://" + binding.localAddress().getHostString() + ":" + binding.localAddress().getPort());
    AgentSettings settings = AgentSettings.fromConfig(system.settings().config(), kinds, prefix, hostname, registryUrl);
    ActorRef<Object> agent = system.systemActorOf(Agent.create(settings, locations, fencedLauncher(settings)), "agent", Props.empty());
    stopComponentsOnShutdown(agent, settings);
    Location location =
        new Location(
            AgentClient.agentConnection(prefix),
            URI.create(ActorRefResolver.get(system).toSerializationFormat(agent)),
            machineMetadata());
    return locations.register(new Registration(location, Optional.of(epoch), Optional.empty())).thenApply(result -> new Started(binding, result));
  }

  /**
   * An earlier run of this agent that died (SIGKILL, a crash) left its components running, unknown
   * to the registry since their registrations went with that run's membership; they are stopped
   * before this run starts anything, so no name ends up running twice.
   */
  private CompletionStage<Integer> stopLeftBehind(LeftBehind leftBehind, Duration grace) {
    if (leftBehind.processes().isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    system.log().warn("{}: stopping {} components an earlier run of this agent left running (pids {})", prefix,
        leftBehind.processes().size(), leftBehind.processes().stream().map(ProcessHandle::pid).toList());
    return leftBehind.stop(grace, blocking());
  }

  /**
   * Every component gets a lease that this member renews only while it is surely on the cluster's
   * majority side, and a watchdog that halts it when the lease lapses (see docs/architecture.md,
   * "Fencing"). Lease files and the watchdog jar live beside the components' logs.
   */
  private ProcessLauncher fencedLauncher(AgentSettings settings) {
    FencingTiming timing = FencingTiming.fromConfig(system.settings().config());
    Path fencing = settings.logDirectory().resolve(".fencing");
    Path watchdogJar = WatchdogJar.writeTo(fencing);
    akka.cluster.Cluster cluster = akka.cluster.Cluster.get(system.classicSystem());
    String registryRole = LocationRegistry.get(system).settings().role();
    // Evidence twice over: this member's own view says it stands with the registry's majority, and a
    // majority of the registry members vouched for it (the renewal is stamped with when it asked them).
    java.util.concurrent.atomic.AtomicLong vouched = new java.util.concurrent.atomic.AtomicLong(ComponentLeases.NO_EVIDENCE);
    system.systemActorOf(RegistryWitnesses.create(registryRole, timing.renewInterval().dividedBy(2), vouched), "registry-witnesses",
        DispatcherSelector.fromConfig("location-service.fencing.witness-dispatcher"));
    ComponentLeases leases = new ComponentLeases(fencing.resolve("leases"), timing.lease(), timing.renewInterval(),
        () -> MajorityStanding.isSure(cluster.selfMember(), cluster.state(), registryRole) ? vouched.get() : ComponentLeases.NO_EVIDENCE);
    return new FencedLauncher(new LocalProcessLauncher(blocking()), leases, watchdogJar, timing.lease(), blocking());
  }

  /** Where process work (fork/exec, signals, reading /proc) runs: never on an actor's thread. */
  private Executor blocking() {
    return system.dispatchers().lookup(DispatcherSelector.fromConfig(Agent.BLOCKING_DISPATCHER));
  }

  /** Why the agent's name could not be held, as the registration's answer (the refusals are the same). */
  private static RegisterResult refusal(ReserveResult result) {
    return result instanceof RegisterResult sameRefusal ? sameRefusal : new RegistryUnavailable("unexpected answer " + result);
  }

  /**
   * Components outlive the agent's JVM (each is a process group of its own), and their registrations
   * go with the agent's cluster membership: an agent that stops without stopping them would leave
   * them running unregistered, free to be spawned a second time. So the agent stops them while it is
   * still a member, before it leaves the cluster.
   */
  private void stopComponentsOnShutdown(ActorRef<Object> agent, AgentSettings settings) {
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "say-why", () -> {
      if (CoordinatedShutdown.get(system).getShutdownReason().filter(CoordinatedShutdown.clusterDowningReason()::equals).isPresent()) {
        // An agent that was frozen, overloaded or cut off finds, once it can hear the cluster again, that
        // the majority downed it; its components halted when their leases lapsed.
        system.log().warn("{}: this agent was downed by the cluster's majority while it was unreachable (frozen,"
            + " overloaded or cut off); its components were stopped by their leases, and their names may run"
            + " elsewhere now. It exits; start it again to rejoin.", prefix);
      }
      return CompletableFuture.completedFuture(Done.getInstance());
    });
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
