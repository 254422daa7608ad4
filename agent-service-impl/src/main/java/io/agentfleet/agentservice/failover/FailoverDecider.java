package io.agentfleet.agentservice.failover;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import io.agentfleet.agentservice.failover.FailoverEvent.What;
import io.agentfleet.agentservice.failover.Launcher.Launched;
import io.agentfleet.agentservice.failover.Launcher.NotLaunched;
import io.agentfleet.agentservice.failover.Launcher.Outcome;
import io.agentfleet.agentservice.failover.ManagedComponent.Placement;
import io.agentfleet.agentservice.failover.ManagedComponent.Status;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.api.TrackingSubscription;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Prefix;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one decider of the fleet's managed components (a cluster singleton): starts each on the first of
 * its agents that can run it, and when the agent running it leaves the cluster (downed after a crash,
 * a freeze or a partition, or stopped) relaunches it on the first live one of the others. A component
 * that is killed or exits while its agent stays up was stopped on purpose and is left alone. A
 * component that failed over stays where it is when its primary comes back.
 *
 * <p>Never two instances: the decider only asks agents to spawn, and the registry refuses a name
 * until a lost member's components have surely stopped; a decider that moves to another member, or a
 * stale one on the minority side of a partition, can only be refused too. The policies and placements
 * live in {@link ManagedComponentStore}, so a decider that starts elsewhere carries on.
 */
public final class FailoverDecider extends AbstractBehavior<FailoverDecider.Command> {
  public sealed interface Command extends FailoverSerializable
      permits Manage, Unmanage, GetManaged, Loaded, Tick, MembershipChanged, Tracked, LaunchEnded {}

  /** Start managing (or update the policy of) a component; answered once it runs or could not start. */
  public record Manage(FailoverPolicy policy, ActorRef<ManagedComponent> replyTo) implements Command {}

  /** Stop managing a component; it keeps running. Answered with what was managed, if anything. */
  public record Unmanage(Prefix component, ActorRef<Optional<ManagedComponent>> replyTo) implements Command {}

  public record GetManaged(ActorRef<List<ManagedComponent>> replyTo) implements Command {}

  private record Loaded(Optional<Map<Prefix, ManagedComponent>> managed, String failure) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private enum MembershipChanged implements Command { INSTANCE }

  private record Tracked(TrackingEvent event) implements Command {}

  private record LaunchEnded(Prefix component, Outcome outcome, What onSuccess, String reason, Optional<Prefix> from, Instant began)
      implements Command {}

  private final FailoverSettings settings;
  private final ManagedComponentStore store;
  private final Launcher launcher;
  private final MemberLiveness liveness;
  private final LocationService locations;
  private final StashBuffer<Command> stash;
  private final Clock clock;
  private final Map<Prefix, ManagedComponent> managed = new LinkedHashMap<>();
  private final Map<Connection, TrackingSubscription> tracking = new HashMap<>();
  private final Set<Prefix> launching = new HashSet<>();
  private final Map<Prefix, Instant> lastAttempt = new HashMap<>();
  private final Map<Prefix, List<ActorRef<ManagedComponent>>> waiting = new HashMap<>();
  private final DecisionLog decisions;
  private boolean loaded;

  static Behavior<Command> create(FailoverSettings settings, ManagedComponentStore store, Launcher launcher, MemberLiveness liveness,
      LocationService locations, Clock clock, DecisionLog decisions) {
    return Behaviors.setup(context -> Behaviors.withStash(1000, stash -> Behaviors.withTimers(timers ->
        new FailoverDecider(context, timers, stash, settings, store, launcher, liveness, locations, clock, decisions))));
  }

  private FailoverDecider(ActorContext<Command> context, TimerScheduler<Command> timers, StashBuffer<Command> stash,
      FailoverSettings settings, ManagedComponentStore store, Launcher launcher, MemberLiveness liveness,
      LocationService locations, Clock clock, DecisionLog decisions) {
    super(context);
    this.decisions = decisions;
    this.settings = settings;
    this.store = store;
    this.launcher = launcher;
    this.liveness = liveness;
    this.locations = locations;
    this.stash = stash;
    this.clock = clock;
    Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberEvent.class, event -> MembershipChanged.INSTANCE), ClusterEvent.MemberEvent.class));
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.checkInterval());
    load();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(Manage.class, this::onManage)
        .onMessage(Unmanage.class, this::onUnmanage)
        .onMessage(GetManaged.class, this::onGetManaged)
        .onMessageEquals(Tick.INSTANCE, this::reconcile)
        .onMessageEquals(MembershipChanged.INSTANCE, this::reconcile)
        .onMessage(Tracked.class, this::onTracked)
        .onMessage(LaunchEnded.class, this::onLaunchEnded)
        .onSignal(akka.actor.typed.PostStop.class, stopped -> {
          tracking.values().forEach(TrackingSubscription::close);
          return this;
        })
        .build();
  }

  // ---- start-up: nothing is decided before the last decider's state is read from a majority

  private void load() {
    getContext().pipeToSelf(store.load(), (read, failure) ->
        new Loaded(Optional.ofNullable(read), failure == null ? "" : String.valueOf(failure.getMessage())));
  }

  private Behavior<Command> onLoaded(Loaded loaded) {
    if (loaded.managed().isEmpty()) {
      getContext().getLog().warn("managed components could not be read from a majority of replicas ({}); trying again", loaded.failure());
      load();
      return this;
    }
    this.loaded = true;
    loaded.managed().get().forEach((component, entry) -> {
      managed.put(component, entry);
      entry.connection().ifPresent(this::track);
    });
    getContext().getLog().info("failover decider running: {} managed component(s)", managed.size());
    reconcile();
    return stash.unstashAll(this);
  }

  // ---- requests

  private Behavior<Command> onManage(Manage manage) {
    if (!loaded) {
      stash.stash(manage);
      return this;
    }
    FailoverPolicy policy = manage.policy();
    ManagedComponent current = managed.get(policy.component());
    if (current != null && current.status() == Status.Running) {
      update(current.withPolicy(policy));
      manage.replyTo().tell(managed.get(policy.component()));
      return this;
    }
    waiting.computeIfAbsent(policy.component(), c -> new ArrayList<>()).add(manage.replyTo());
    update(current == null ? ManagedComponent.starting(policy) : current.withPolicy(policy));
    if (!launching.contains(policy.component())) {
      start(managed.get(policy.component()), What.Started, "an operator asked for it to be managed", Optional.empty(), Optional.empty());
    }
    return this;
  }

  private Behavior<Command> onUnmanage(Unmanage unmanage) {
    if (!loaded) {
      stash.stash(unmanage);
      return this;
    }
    ManagedComponent removed = managed.remove(unmanage.component());
    if (removed != null) {
      removed.connection().ifPresent(connection -> Optional.ofNullable(tracking.remove(connection)).ifPresent(TrackingSubscription::close));
      store.remove(unmanage.component());
    }
    unmanage.replyTo().tell(Optional.ofNullable(removed));
    return this;
  }

  private Behavior<Command> onGetManaged(GetManaged get) {
    if (!loaded) {
      stash.stash(get);
      return this;
    }
    get.replyTo().tell(List.copyOf(managed.values()));
    return this;
  }

  // ---- deciding

  /** Relaunches what ran on an agent that is gone, and tries again what could not be started. */
  private Behavior<Command> reconcile() {
    if (!loaded) {
      return this;
    }
    Instant now = clock.instant();
    for (ManagedComponent entry : List.copyOf(managed.values())) {
      if (launching.contains(entry.component())) {
        continue;
      }
      Optional<Placement> placement = entry.placement();
      boolean runsOnLostAgent = (entry.status() == Status.Running || entry.status() == Status.Starting)
          && placement.isPresent() && !liveness.isUp(placement.get().member());
      if (runsOnLostAgent) {
        start(entry, What.FailedOver, "agent " + placement.get().agent() + " left the cluster", placement.map(Placement::agent),
            placement.map(Placement::member));
      } else if ((entry.status() == Status.Down || entry.status() == Status.FailingOver)
          && lastAttempt.getOrDefault(entry.component(), Instant.MIN).plus(settings.retryInterval()).isBefore(now)) {
        What what = entry.status() == Status.FailingOver ? What.FailedOver : What.Started;
        start(entry, what, "trying again", placement.map(Placement::agent), placement.map(Placement::member));
      } else if (entry.status() == Status.Starting && placement.isEmpty()) {
        // A decider that took over from one that was starting it.
        start(entry, What.Started, "its start was interrupted", Optional.empty(), Optional.empty());
      }
    }
    return this;
  }

  private void start(ManagedComponent entry, What onSuccess, String reason, Optional<Prefix> from, Optional<String> lostMember) {
    Prefix component = entry.component();
    launching.add(component);
    lastAttempt.put(component, clock.instant());
    update(entry.withStatus(onSuccess == What.FailedOver ? Status.FailingOver : Status.Starting));
    if (onSuccess == What.FailedOver) {
      getContext().getLog().warn("failing over {}: {}", component, reason);
    }
    Instant began = clock.instant();
    getContext().pipeToSelf(
        launcher.launch(entry.policy(), FailoverRules.launchOrder(entry.policy(), from), lostMember, settings.relaunchDeadline()),
        (outcome, failure) -> new LaunchEnded(component, outcome != null ? outcome : new NotLaunched(String.valueOf(failure)),
            onSuccess, reason, from, began));
  }

  private Behavior<Command> onLaunchEnded(LaunchEnded ended) {
    launching.remove(ended.component());
    ManagedComponent entry = managed.get(ended.component());
    if (entry == null) {
      return this; // no longer managed
    }
    long took = Duration.between(ended.began(), clock.instant()).toMillis();
    if (ended.outcome() instanceof Launched launched) {
      What what = launched.foundRunning() ? What.Found : ended.onSuccess();
      entry = entry.runningOn(launched.where(), launched.location().connection())
          .recording(new FailoverEvent(clock.instant(), what, ended.from(), Optional.of(launched.where().agent()), ended.reason(), took));
      getContext().getLog().info("{} {} on {} after {} ms", ended.component(), what, launched.where().agent(), took);
      track(launched.location().connection());
    } else {
      String why = ((NotLaunched) ended.outcome()).reason();
      entry = entry.withStatus(ended.onSuccess() == What.FailedOver ? Status.FailingOver : Status.Down)
          .recording(new FailoverEvent(clock.instant(), What.NotStarted, ended.from(), Optional.empty(), why, took));
      getContext().getLog().warn("{} could not be started on any of {}: {}", ended.component(), entry.policy().agents(), why);
    }
    update(entry);
    answerWaiting(entry);
    return this;
  }

  /** Its registration changed: a kill or exit on purpose, or someone else started or moved it. */
  private Behavior<Command> onTracked(Tracked tracked) {
    ManagedComponent entry = managed.get(tracked.event().connection().prefix());
    if (entry == null || launching.contains(entry.component())) {
      return this;
    }
    if (tracked.event() instanceof TrackingEvent.LocationRemoved && entry.status() == Status.Running && entry.placement().isPresent()) {
      Placement placement = entry.placement().get();
      if (liveness.isUp(placement.member())) {
        update(entry.withStatus(Status.Stopped).recording(new FailoverEvent(clock.instant(), What.Stopped, Optional.of(placement.agent()),
            Optional.empty(), "killed or exited while agent " + placement.agent() + " stayed up: not relaunched", 0)));
      } else {
        reconcile();
      }
    } else if (tracked.event() instanceof TrackingEvent.LocationUpdated updated) {
      Optional<Prefix> agent = updated.location().agentPrefix();
      boolean moved = agent.isPresent() && !entry.placement().map(Placement::agent).equals(agent);
      if (entry.status() != Status.Running || moved) {
        // Started again by someone (an operator, the agent's restart policy): find out where it runs.
        start(entry, What.Found, "registered again", entry.placement().map(Placement::agent), Optional.empty());
      }
    }
    return this;
  }

  private void track(Connection connection) {
    if (!tracking.containsKey(connection)) {
      ActorRef<Command> self = getContext().getSelf();
      tracking.put(connection, locations.track(connection, event -> self.tell(new Tracked(event))));
    }
  }

  private void update(ManagedComponent entry) {
    ManagedComponent previous = managed.put(entry.component(), entry);
    newestEvent(previous, entry).ifPresent(event -> decisions.decided(entry.component(), event));
    org.slf4j.Logger log = getContext().getLog();
    store.save(entry).thenAccept(saved -> {
      if (!saved) {
        // The decider goes on with its own copy; the next change of the component writes it again.
        log.warn("the state of {} was not written to a majority of replicas in time", entry.component());
      }
    });
  }

  /** The event {@code entry} recorded since {@code previous}, if any. */
  static Optional<FailoverEvent> newestEvent(ManagedComponent previous, ManagedComponent entry) {
    if (entry.history().isEmpty()) {
      return Optional.empty();
    }
    FailoverEvent newest = entry.history().get(entry.history().size() - 1);
    boolean known = previous != null && !previous.history().isEmpty() && previous.history().get(previous.history().size() - 1).equals(newest);
    return known ? Optional.empty() : Optional.of(newest);
  }

  private void answerWaiting(ManagedComponent entry) {
    Optional.ofNullable(waiting.remove(entry.component())).ifPresent(replies -> replies.forEach(reply -> reply.tell(entry)));
  }

  /** Every connection type of the component, for callers that track before it first registered. */
  static List<Connection> connectionsOf(FailoverPolicy policy) {
    List<Connection> all = new ArrayList<>();
    for (ConnectionType type : ConnectionType.values()) {
      all.add(new Connection(policy.component(), policy.componentType(), type));
    }
    return all;
  }
}
