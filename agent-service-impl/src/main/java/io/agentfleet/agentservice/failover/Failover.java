package io.agentfleet.agentservice.failover;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.SingletonActor;
import io.agentfleet.agent.client.AgentClientSettings;
import io.agentfleet.agentservice.impl.AgentDirectory;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.model.Prefix;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Managed components and their failover, for the Agent Service's API: the decider runs as a cluster
 * singleton on the members with the {@link #ROLE} role, and every such member reaches it through a
 * proxy.
 */
public final class Failover {
  /** The role of the members that may run the decider: the Agent Service's. */
  public static final String ROLE = "agent-service";

  private final ActorSystem<?> system;
  private final ActorRef<FailoverDecider.Command> decider;
  private final Duration answerTimeout;
  private final Duration quickTimeout;
  private final LocationService locations;

  private Failover(ActorSystem<?> system, ActorRef<FailoverDecider.Command> decider, Duration answerTimeout, Duration quickTimeout,
      LocationService locations) {
    this.system = system;
    this.locations = locations;
    this.decider = decider;
    this.answerTimeout = answerTimeout;
    this.quickTimeout = quickTimeout;
  }

  /** Starts (or joins) the singleton decider on this member. */
  public static Failover start(ActorSystem<?> system, AgentDirectory agents, LocationService locations) {
    return start(system, agents, locations, DecisionLog.NONE);
  }

  /** Starts (or joins) the singleton decider on this member; while it runs here, it reports its events to {@code decisions}. */
  public static Failover start(ActorSystem<?> system, AgentDirectory agents, LocationService locations, DecisionLog decisions) {
    FailoverSettings settings = FailoverSettings.fromConfig(system.settings().config());
    MemberLiveness liveness = new MemberLiveness(system);
    ManagedComponentStore store = new ManagedComponentStore(system, settings.storeTimeout());
    Launcher launcher = new Launcher(agents, locations, liveness);
    ActorRef<FailoverDecider.Command> proxy = ClusterSingleton.get(system).init(SingletonActor.of(
            Behaviors.supervise(FailoverDecider.create(settings, store, launcher, liveness, locations, Clock.systemUTC(), decisions))
                .onFailure(SupervisorStrategy.restart()),
            "failover-decider")
        .withSettings(ClusterSingletonSettings.create(system).withRole(ROLE)));
    Duration spawnTimeout = AgentClientSettings.fromConfig(system.settings().config()).spawnTimeout();
    return new Failover(system, proxy, settings.answerTimeout(spawnTimeout, 3), settings.storeTimeout().multipliedBy(3), locations);
  }

  /**
   * Manages {@code policy}'s component; completes once it runs, or with why it could not start. Like
   * a spawn through the service, the answer waits until this member's replica has caught up with the
   * component's registration (read-your-writes: the caller's next kill or listing sees it).
   */
  public CompletionStage<ManagedComponent> manage(FailoverPolicy policy) {
    Duration timeout = answerTimeout.plus(Duration.ofMinutes(1).multipliedBy(Math.max(0, policy.agents().size() - 3)));
    return AskPattern.<FailoverDecider.Command, ManagedComponent>ask(
            decider, replyTo -> new FailoverDecider.Manage(policy, replyTo), timeout, system.scheduler())
        .thenCompose(managed -> managed.connection()
            .map(connection -> locations.catchUp(connection).thenApply(caughtUp -> managed))
            .orElseGet(() -> java.util.concurrent.CompletableFuture.completedFuture(managed)));
  }

  /** Stops managing {@code component} (it keeps running); empty if it was not managed. */
  public CompletionStage<Optional<ManagedComponent>> unmanage(Prefix component) {
    return AskPattern.ask(decider, replyTo -> new FailoverDecider.Unmanage(component, replyTo), quickTimeout, system.scheduler());
  }

  public CompletionStage<List<ManagedComponent>> list() {
    return AskPattern.ask(decider, FailoverDecider.GetManaged::new, quickTimeout, system.scheduler());
  }

  /** The actor system the decider's member runs, where the service keeps its other replicated state too. */
  public ActorSystem<?> system() {
    return system;
  }
}
