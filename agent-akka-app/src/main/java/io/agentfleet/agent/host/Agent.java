package io.agentfleet.agent.host;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.agentfleet.agent.client.AgentProtocol.AgentCommand;
import io.agentfleet.agent.client.AgentProtocol.AgentStatus;
import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agent.client.AgentProtocol.ComponentStatus;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.GetAgentStatus;
import io.agentfleet.agent.client.AgentProtocol.KillComponent;
import io.agentfleet.agent.client.AgentProtocol.KillResponse;
import io.agentfleet.agent.client.AgentProtocol.Killed;
import io.agentfleet.agent.client.AgentProtocol.SpawnComponent;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.SpawnSequenceComponent;
import io.agentfleet.agent.client.AgentProtocol.SpawnSequenceManager;
import io.agentfleet.agent.client.AgentProtocol.Spawned;
import io.agentfleet.agent.kinds.ComponentKind;
import io.agentfleet.agent.kinds.RestartPolicy;
import io.agentfleet.agent.host.RegistrationRemoval.Outcome;
import io.agentfleet.agent.host.RegistrationRemoval.Remains;
import io.agentfleet.agent.process.LaunchSpec;
import io.agentfleet.agent.process.ProcessLauncher;
import io.agentfleet.agent.process.ProcessTree;
import io.agentfleet.agent.process.RunningProcess;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.AlreadyReserved;
import io.agentfleet.location.api.RegistrationResult.Reserved;
import io.agentfleet.location.api.RegistrationResult.ReserveResult;
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.api.TrackingSubscription;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent of one host: the only thing that starts and stops components there. A spawn first
 * reserves the component's name in the registry (so it never runs twice), then starts the process,
 * then waits until the process registers with the reservation's epoch and its own PID. Process work
 * (fork, signals, waiting) goes through the {@link ProcessLauncher}, which never blocks the actor;
 * results come back as messages. A kill is answered {@code Killed} only once the process tree is gone
 * and the registration was removed.
 */
public final class Agent extends AbstractBehavior<Object> {
  /** Dispatcher for process work, from config. */
  public static final String BLOCKING_DISPATCHER = "agent.blocking-dispatcher";

  private static final int LOG_TAIL = 20;

  // ---- internal messages (results of asynchronous work)
  /** A spawn to carry out; {@code restarts} counts the relaunches in a row this one continues (0 for a request). */
  private record Spawn(
      ActorRef<SpawnResponse> replyTo, String kind, Prefix prefix, Optional<ComponentType> type, List<String> args, Optional<String> version, int restarts) {
    Spawn(ActorRef<SpawnResponse> replyTo, String kind, Prefix prefix, Optional<ComponentType> type, List<String> args, Optional<String> version) {
      this(replyTo, kind, prefix, type, args, version, 0);
    }
  }

  private record ReserveAnswered(Connection connection, ReserveResult result) {}

  private record Launched(Connection connection, long epoch, RunningProcess process) {}

  private record LaunchFailed(Connection connection, long epoch, String reason) {}

  private record LocationSeen(Connection connection, Location location) {}

  private record ProcessExited(Connection connection, long pid, int exitCode) {}

  private record RegistrationOverdue(Connection connection, long epoch) {}

  private record TreeEnded(Connection connection, long epoch, ProcessTree.Ending ending) {}

  private record KillTargetLooked(KillComponent kill, Optional<Location> registered) {}

  /** The registry was asked to forget a run whose process tree is gone. */
  private record RegistrationReleased(Connection connection, long epoch, Outcome outcome) {}

  /** A kill of a component this agent no longer runs: what became of its leftover registration. */
  private record LeftoverReleased(KillComponent kill, Outcome outcome) {}

  /** A component that ended unasked waits for its relaunch; {@code lastEpoch} is that of the run that ended. */
  private record PendingRelaunch(Spawn spawn, long lastEpoch) {}

  private record RelaunchDue(Connection connection) {}

  private record RelaunchAnswered(SpawnResponse response) {}

  /** One component this agent is spawning, running or stopping; the agent's only mutable state. */
  private static final class Managed {
    final Connection connection;
    final ComponentKind kind;
    final List<String> args;
    final Optional<String> version;
    final int restarts;
    ComponentState state = ComponentState.Starting;
    long epoch;
    Optional<RunningProcess> process = Optional.empty();
    Optional<ActorRef<SpawnResponse>> spawnReply;
    Optional<Location> seen = Optional.empty();
    Optional<TrackingSubscription> tracking = Optional.empty();
    final List<ActorRef<KillResponse>> killReplies = new ArrayList<>();
    Optional<Failed> failure = Optional.empty();
    // Set when the component ended unasked and its kind's policy relaunches it: the attempt number.
    Optional<Integer> relaunch = Optional.empty();

    Managed(Connection connection, ComponentKind kind, List<String> args, Optional<String> version, int restarts, ActorRef<SpawnResponse> replyTo) {
      this.connection = connection;
      this.kind = kind;
      this.args = args;
      this.version = version;
      this.restarts = restarts;
      this.spawnReply = Optional.of(replyTo);
    }

    List<String> tail() {
      return process.map(p -> p.logTail(LOG_TAIL)).orElse(List.of());
    }
  }

  private final AgentSettings settings;
  private final LocationService locations;
  private final TimerScheduler<Object> timers;
  private final ProcessLauncher launcher;
  private final Map<Connection, Managed> components = new HashMap<>();
  // Spawns wait here while maxConcurrentStarts processes are starting: a burst of JVM starts on a
  // small host would otherwise starve everything (the agent's own cluster heartbeats included).
  private final java.util.Deque<Spawn> waiting = new java.util.ArrayDeque<>();
  // Components that ended unasked and wait out their backoff before a relaunch; a kill cancels it.
  private final Map<Connection, PendingRelaunch> relaunching = new HashMap<>();
  private final ActorRef<SpawnResponse> relaunchReplies;
  // Set once StopAll arrived: who waits for the last component to be gone.
  private final List<ActorRef<Done>> stoppingAll = new ArrayList<>();

  /**
   * Stop every component (whole process trees, then their registrations) and start nothing more;
   * {@code replyTo} hears once they are all gone. Sent by the agent's own coordinated shutdown, never
   * over the wire, so an agent that stops does not leave components running unregistered.
   */
  public record StopAll(ActorRef<Done> replyTo) {}

  /** The agent; it takes {@link AgentCommand}s from the wire and {@link StopAll} from its own JVM. */
  public static Behavior<Object> create(AgentSettings settings, LocationService locations, ProcessLauncher launcher) {
    return Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> new Agent(ctx, timers, settings, locations, launcher)));
  }

  private Agent(ActorContext<Object> context, TimerScheduler<Object> timers, AgentSettings settings, LocationService locations, ProcessLauncher launcher) {
    super(context);
    this.settings = settings;
    this.locations = locations;
    this.timers = timers;
    this.launcher = launcher;
    this.relaunchReplies = context.messageAdapter(SpawnResponse.class, RelaunchAnswered::new);
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(SpawnSequenceComponent.class, this::onSpawnSequenceComponent)
        .onMessage(SpawnSequenceManager.class, this::onSpawnSequenceManager)
        .onMessage(SpawnComponent.class, this::onSpawnComponent)
        .onMessage(KillComponent.class, this::onKill)
        .onMessage(GetAgentStatus.class, this::onGetStatus)
        .onMessage(ReserveAnswered.class, this::onReserveAnswered)
        .onMessage(Launched.class, this::onLaunched)
        .onMessage(LaunchFailed.class, this::onLaunchFailed)
        .onMessage(LocationSeen.class, this::onLocationSeen)
        .onMessage(ProcessExited.class, this::onProcessExited)
        .onMessage(RegistrationOverdue.class, this::onRegistrationOverdue)
        .onMessage(TreeEnded.class, this::onTreeEnded)
        .onMessage(KillTargetLooked.class, this::onKillTargetLooked)
        .onMessage(RegistrationReleased.class, this::onRegistrationReleased)
        .onMessage(LeftoverReleased.class, this::onLeftoverReleased)
        .onMessage(RelaunchDue.class, this::onRelaunchDue)
        .onMessage(RelaunchAnswered.class, this::onRelaunchAnswered)
        .onMessage(StopAll.class, this::onStopAll)
        .build();
  }

  // ---- spawn

  private Behavior<Object> onSpawnSequenceComponent(SpawnSequenceComponent spawn) {
    List<String> args = spawn.simulation() ? List.of("--simulation") : List.of();
    return spawn(new Spawn(spawn.replyTo(), "sequence-component", spawn.componentPrefix(), Optional.of(ComponentType.SequenceComponent), args, spawn.version()));
  }

  private Behavior<Object> onSpawnSequenceManager(SpawnSequenceManager spawn) {
    List<String> args = new ArrayList<>(List.of("--obs-mode-config", spawn.obsModeConfigPath()));
    if (spawn.isConfigLocal()) {
      args.add("--local");
    }
    if (spawn.simulation()) {
      args.add("--simulation");
    }
    return spawn(new Spawn(spawn.replyTo(), "sequence-manager", SpawnSequenceManager.PREFIX, Optional.of(ComponentType.Service), args, spawn.version()));
  }

  private Behavior<Object> onSpawnComponent(SpawnComponent spawn) {
    return spawn(new Spawn(spawn.replyTo(), spawn.kind(), spawn.prefix(), spawn.componentType(), spawn.args(), Optional.empty()));
  }

  /** A spawn arrives: refused at once if it can never start, else started now or queued for a slot. */
  private Behavior<Object> spawn(Spawn spawn) {
    if (!stoppingAll.isEmpty()) {
      spawn.replyTo().tell(Failed.of(FailureReason.AgentStopping, settings.prefix() + " is shutting down and starts nothing new"));
      return this;
    }
    Optional<Failed> invalid = invalid(spawn);
    if (invalid.isPresent()) {
      spawn.replyTo().tell(invalid.get());
      return this;
    }
    waiting.addLast(spawn);
    startWaiting();
    return this;
  }

  /** Why a spawn can never start on this agent (unknown kind, bad version), if it cannot. */
  private Optional<Failed> invalid(Spawn spawn) {
    Optional<ComponentKind> kind = settings.kinds().find(spawn.kind());
    if (kind.isEmpty()) {
      return Optional.of(Failed.of(FailureReason.UnknownKind, "no component kind '" + spawn.kind() + "' on " + settings.prefix() + " (configured: " + String.join(", ", settings.kinds().names()) + ")"));
    }
    try {
      kind.get().versionFor(spawn.version());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(Failed.of(FailureReason.InvalidRequest, e.getMessage()));
    }
  }

  /**
   * Starts waiting spawns, in order, while a start slot is free. A spawn refused at its turn (its name
   * is managed already) uses no slot, so the next one is taken at once.
   */
  private void startWaiting() {
    while (!waiting.isEmpty() && startingCount() < settings.maxConcurrentStarts()) {
      begin(waiting.pollFirst());
    }
  }

  private long startingCount() {
    return components.values().stream().filter(m -> m.state == ComponentState.Starting).count();
  }

  /** Takes a start slot for {@code spawn} (reserving its name), or refuses it if its name is managed already. */
  private void begin(Spawn spawn) {
    ComponentKind kind = settings.kinds().find(spawn.kind()).orElseThrow(); // checked on arrival; kinds never change
    Optional<String> version = kind.versionFor(spawn.version());
    Connection connection = connectionOf(spawn, kind);
    if (relaunching.remove(connection) != null) {
      // An operator's spawn takes the place of a pending relaunch (and starts a fresh count).
      timers.cancel(new RelaunchDue(connection));
      getContext().getLog().info("{}: spawn requested, pending relaunch dropped", connection);
    }
    if (components.containsKey(connection)) {
      Managed existing = components.get(connection);
      spawn.replyTo().tell(Failed.of(existing.state == ComponentState.Running ? FailureReason.AlreadyRegistered : FailureReason.AlreadyReserved,
          connection + " is " + existing.state.name().toLowerCase() + " on " + settings.prefix()));
      return;
    }
    components.put(connection, new Managed(connection, kind, spawn.args(), version, spawn.restarts(), spawn.replyTo()));
    getContext().getLog().debug("{}: reserving", connection);
    getContext().pipeToSelf(
        locations.reserve(connection, kind.registrationTimeout().plus(settings.reservationMargin())),
        (result, failure) -> new ReserveAnswered(connection, result != null ? result : new io.agentfleet.location.api.RegistrationResult.RegistryUnavailable(String.valueOf(failure))));
  }

  private static Connection connectionOf(Spawn spawn, ComponentKind kind) {
    return new Connection(spawn.prefix(), spawn.type().orElse(kind.componentType()), kind.connectionType());
  }

  private Behavior<Object> onReserveAnswered(ReserveAnswered answer) {
    Managed m = components.get(answer.connection());
    if (m == null) {
      return this;
    }
    if (!(answer.result() instanceof Reserved reserved)) {
      // Nothing was started and nothing of this agent is registered (a reservation the registry may
      // have made without answering lapses by itself): a kill that came meanwhile is done.
      m.spawnReply.ifPresent(r -> r.tell(reserveRefused(answer.connection(), answer.result())));
      m.killReplies.forEach(r -> r.tell(new Killed(m.connection)));
      forget(m);
      return this;
    }
    m.epoch = reserved.epoch();
    if (m.state == ComponentState.Stopping) {
      finish(m, ProcessTree.Ending.ALREADY_GONE); // killed while reserving: release the name
      return this;
    }
    Connection connection = answer.connection();
    ActorRef<Object> self = getContext().getSelf();
    m.tracking = Optional.of(locations.track(connection, event -> {
      if (event instanceof TrackingEvent.LocationUpdated updated) {
        self.tell(new LocationSeen(connection, updated.location()));
      }
    }));
    timers.startSingleTimer(connection, new RegistrationOverdue(connection, m.epoch), m.kind.registrationTimeout());
    LaunchSpec spec = LaunchSpecs.of(settings, m.kind, connection, m.epoch, m.version, m.args);
    long epoch = m.epoch;
    getContext().getLog().info("{}: starting {} (epoch {})", connection, m.kind.name(), epoch);
    getContext().pipeToSelf(
        launcher.start(spec),
        (process, failure) -> process != null ? new Launched(connection, epoch, process) : new LaunchFailed(connection, epoch, String.valueOf(failure.getCause() != null ? failure.getCause().getMessage() : failure)));
    return this;
  }

  private Behavior<Object> onLaunched(Launched launched) {
    Managed m = components.get(launched.connection());
    if (m == null || m.epoch != launched.epoch()) {
      // Killed or failed meanwhile: this process must not live on.
      launcher.terminate(launched.process(), Duration.ZERO);
      return this;
    }
    m.process = Optional.of(launched.process());
    long pid = launched.process().pid();
    getContext().getLog().info("{}: process {} started", m.connection, pid);
    getContext().pipeToSelf(launched.process().exit(), (code, failure) -> new ProcessExited(m.connection, pid, code != null ? code : -1));
    if (m.state == ComponentState.Stopping) {
      stopTree(m);
    } else {
      m.seen.ifPresent(location -> onLocationSeen(new LocationSeen(m.connection, location)));
    }
    return this;
  }

  private Behavior<Object> onLaunchFailed(LaunchFailed failed) {
    Managed m = components.get(failed.connection());
    if (m != null && m.epoch == failed.epoch()) {
      planRelaunchOfARelaunch(m, -1);
      fail(m, Failed.of(FailureReason.LaunchFailed, "cannot start " + m.connection + ": " + failed.reason()));
    }
    return this;
  }

  private Behavior<Object> onLocationSeen(LocationSeen seen) {
    Managed m = components.get(seen.connection());
    if (m == null || m.state != ComponentState.Starting) {
      return this;
    }
    Location location = seen.location();
    if (location.epoch().orElse(-1L) != m.epoch) {
      return this;
    }
    if (m.process.isEmpty()) {
      m.seen = Optional.of(location); // registered before the launch result arrived
      return this;
    }
    long pid = m.process.get().pid();
    if (location.pid().orElse(-1L) != pid) {
      getContext().getLog().warn("{}: registered with PID {} but the agent started {}", m.connection, location.pid().orElse(-1L), pid);
      return this;
    }
    timers.cancel(m.connection);
    m.tracking.ifPresent(TrackingSubscription::close);
    m.state = ComponentState.Running;
    getContext().getLog().info("{}: spawned at {} (pid {}, epoch {})", m.connection, location.uri(), pid, m.epoch);
    m.spawnReply.ifPresent(r -> r.tell(new Spawned(location)));
    m.spawnReply = Optional.empty();
    startWaiting();
    return this;
  }

  private Behavior<Object> onProcessExited(ProcessExited exited) {
    Managed m = components.get(exited.connection());
    if (m == null || m.process.map(p -> p.pid() != exited.pid()).orElse(true)) {
      return this;
    }
    switch (m.state) {
      case Starting -> {
        if (m.failure.isEmpty()) {
          getContext().getLog().warn("{}: process {} exited with {} before registering", m.connection, exited.pid(), exited.exitCode());
          planRelaunchOfARelaunch(m, exited.exitCode());
          fail(m, new Failed(FailureReason.ProcessExited, m.connection + " exited with code " + exited.exitCode() + " before it registered",
              Optional.of(exited.exitCode()), m.tail()));
        }
      }
      case Running -> {
        getContext().getLog().warn("{}: process {} exited unexpectedly with {}, unregistering", m.connection, exited.pid(), exited.exitCode());
        Duration ranFor = Duration.between(m.process.get().startedAt(), Instant.now());
        planRelaunch(m, exited.exitCode(), m.kind.restart().restartsSoFar(m.restarts, ranFor));
        m.state = ComponentState.Stopping;
        stopTree(m); // also ends children it left behind, then unregisters
      }
      case Stopping -> {
        // the kill in progress completes with TreeEnded
      }
    }
    return this;
  }

  private Behavior<Object> onRegistrationOverdue(RegistrationOverdue overdue) {
    Managed m = components.get(overdue.connection());
    if (m != null && m.epoch == overdue.epoch() && m.state == ComponentState.Starting) {
      getContext().getLog().warn("{}: did not register within {}, killing it", m.connection, m.kind.registrationTimeout());
      planRelaunchOfARelaunch(m, -1);
      fail(m, new Failed(FailureReason.RegistrationTimeout, m.connection + " did not register within " + m.kind.registrationTimeout().toMillis() + " ms; it was killed",
          Optional.empty(), m.tail()));
    }
    return this;
  }

  /**
   * A relaunch that fails to start counts as one more failure in a row (an operator's own spawn that
   * fails is only answered: the caller decides).
   */
  private void planRelaunchOfARelaunch(Managed m, int exitCode) {
    if (m.restarts > 0) {
      planRelaunch(m, exitCode, m.restarts);
    }
  }

  private void planRelaunch(Managed m, int exitCode, int restartsSoFar) {
    RestartPolicy policy = m.kind.restart();
    if (policy.relaunches(exitCode, restartsSoFar)) {
      m.relaunch = Optional.of(restartsSoFar + 1);
    } else if (policy.mode() == RestartPolicy.Mode.ON_FAILURE && exitCode != 0) {
      getContext().getLog().warn("{}: failed again after {} relaunches in a row; it stays down", m.connection, restartsSoFar);
    }
  }

  private Behavior<Object> onRelaunchDue(RelaunchDue due) {
    PendingRelaunch pending = relaunching.remove(due.connection());
    if (pending != null) {
      getContext().getLog().info("{}: relaunching (attempt {} of {})", due.connection(), pending.spawn().restarts(),
          settings.kinds().find(pending.spawn().kind()).map(k -> k.restart().maxRestarts()).orElse(0));
      spawn(pending.spawn());
    }
    return this;
  }

  private Behavior<Object> onRelaunchAnswered(RelaunchAnswered answered) {
    if (answered.response() instanceof Spawned spawned) {
      getContext().getLog().info("{}: relaunched at {}", spawned.location().connection(), spawned.location().uri());
    } else if (answered.response() instanceof Failed failed) {
      getContext().getLog().warn("relaunch failed: {} ({})", failed.message(), failed.reason());
    }
    return this;
  }

  /** A spawn failed: the process tree goes, the reservation is released, then the caller hears. */
  private void fail(Managed m, Failed failure) {
    m.failure = Optional.of(failure);
    m.state = ComponentState.Stopping;
    timers.cancel(m.connection);
    m.tracking.ifPresent(TrackingSubscription::close);
    stopTree(m);
  }

  // ---- kill

  private Behavior<Object> onKill(KillComponent kill) {
    Connection connection = kill.location().connection();
    Managed m = components.get(connection);
    if (m == null && relaunching.remove(connection) != null) {
      timers.cancel(new RelaunchDue(connection));
      getContext().getLog().info("{}: killed while waiting for its relaunch; it stays down", connection);
      kill.replyTo().tell(new Killed(connection));
      return this;
    }
    if (m == null) {
      Optional<Prefix> spawnedBy = kill.location().agentPrefix();
      if (spawnedBy.isPresent() && !spawnedBy.get().equals(settings.prefix())) {
        kill.replyTo().tell(Failed.of(FailureReason.NotOnThisHost,
            connection + " was spawned by " + spawnedBy.get() + ", not by " + settings.prefix()));
      } else if (spawnedBy.isPresent() && kill.location().epoch().isPresent()) {
        // Ours once and no longer running; its registration may be left over (an earlier removal
        // failed): remove it, fenced by its epoch, so Killed is true.
        getContext().pipeToSelf(removeRegistration(connection, kill.location().epoch().get()),
            (outcome, failure) -> new LeftoverReleased(kill, outcome));
      } else {
        // Started by hand: answer Killed if it is gone, else say it is not this agent's to kill.
        getContext().pipeToSelf(locations.find(connection), (found, failure) -> new KillTargetLooked(kill, found == null ? Optional.of(kill.location()) : found));
      }
      return this;
    }
    m.killReplies.add(kill.replyTo());
    // Asked to stop: a relaunch planned because it failed (and is being cleaned up) is off.
    m.relaunch = Optional.empty();
    if (m.state != ComponentState.Stopping) {
      getContext().getLog().info("{}: killing (pid {})", connection, m.process.map(RunningProcess::pid).orElse(-1L));
      stop(m, Failed.of(FailureReason.ProcessExited, connection + " was killed while starting"));
    }
    return this;
  }

  /** Stops a component that is not stopping yet; a spawn still waiting for it is answered {@code ifStarting}. */
  private void stop(Managed m, Failed ifStarting) {
    if (m.state == ComponentState.Starting) {
      m.failure = Optional.of(ifStarting);
      timers.cancel(m.connection);
      m.tracking.ifPresent(TrackingSubscription::close);
    }
    m.state = ComponentState.Stopping;
    stopTree(m);
  }

  private Behavior<Object> onLeftoverReleased(LeftoverReleased released) {
    Connection connection = released.kill().location().connection();
    if (released.outcome() instanceof Remains remains) {
      released.kill().replyTo().tell(stillRegistered(connection, remains));
    } else {
      released.kill().replyTo().tell(new Killed(connection));
    }
    return this;
  }

  private Behavior<Object> onKillTargetLooked(KillTargetLooked looked) {
    if (looked.registered().isEmpty()) {
      looked.kill().replyTo().tell(new Killed(looked.kill().location().connection()));
    } else {
      Location location = looked.registered().get();
      looked.kill().replyTo().tell(Failed.of(FailureReason.NotOnThisHost,
          location.connection() + " was not started by " + settings.prefix() + " (its agent: " + location.agentPrefix().map(Prefix::toString).orElse("none") + ")"));
    }
    return this;
  }

  /** Ends the process tree (if started) and then the registration; TreeEnded finishes the job. */
  private void stopTree(Managed m) {
    Connection connection = m.connection;
    long epoch = m.epoch;
    if (m.process.isEmpty()) {
      if (m.epoch == 0) {
        return; // still reserving; the reservation answer finds the component stopping
      }
      if (m.failure.isPresent() && m.failure.get().reason() == FailureReason.LaunchFailed) {
        finish(m, ProcessTree.Ending.ALREADY_GONE);
      }
      return; // launching; onLaunched stops it
    }
    getContext().pipeToSelf(
        launcher.terminate(m.process.get(), m.kind.killGrace()),
        (ending, failure) -> new TreeEnded(connection, epoch, ending != null ? ending : ProcessTree.Ending.KILLED_AFTER_GRACE));
  }

  private Behavior<Object> onTreeEnded(TreeEnded ended) {
    Managed m = components.get(ended.connection());
    if (m != null && m.epoch == ended.epoch()) {
      finish(m, ended.ending());
    }
    return this;
  }

  /** The process tree is gone: the registration goes next; RegistrationReleased answers the callers. */
  private void finish(Managed m, ProcessTree.Ending ending) {
    getContext().getLog().info("{}: stopped ({}), unregistering", m.connection, ending);
    Connection connection = m.connection;
    long epoch = m.epoch;
    getContext().pipeToSelf(removeRegistration(connection, epoch), (outcome, failure) -> new RegistrationReleased(connection, epoch, outcome));
    // The tree is gone: its start slot (if it was starting) is free for the next spawn.
    startWaiting();
  }

  private java.util.concurrent.CompletionStage<Outcome> removeRegistration(Connection connection, long epoch) {
    // Fenced by epoch: a newer registration of the name (a failover elsewhere) is left alone.
    return RegistrationRemoval.remove(locations, connection, epoch, settings.unregisterRetryWithin(), settings.unregisterBackoff());
  }

  private Behavior<Object> onRegistrationReleased(RegistrationReleased released) {
    Managed m = components.get(released.connection());
    if (m == null || m.epoch != released.epoch()) {
      return this;
    }
    if (released.outcome() instanceof Remains remains) {
      getContext().getLog().warn("{}: its processes are gone but its registration could not be removed ({}); it stays down", m.connection, remains.why());
      m.failure.ifPresent(f -> m.spawnReply.ifPresent(r -> r.tell(new Failed(f.reason(),
          f.message() + "; its reservation could not be released (" + remains.why() + "), it lapses by itself", f.exitCode(), f.logTail()))));
      m.killReplies.forEach(r -> r.tell(stillRegistered(m.connection, remains)));
    } else {
      getContext().getLog().info("{}: unregistered", m.connection);
      m.failure.ifPresent(f -> m.spawnReply.ifPresent(r -> r.tell(f)));
      m.killReplies.forEach(r -> r.tell(new Killed(m.connection)));
      m.relaunch.filter(attempt -> stoppingAll.isEmpty()).ifPresent(attempt -> planRelaunchDue(m, attempt));
    }
    forget(m);
    return this;
  }

  private void planRelaunchDue(Managed m, int attempt) {
    Duration delay = m.kind.restart().delayBefore(attempt);
    getContext().getLog().info("{}: relaunch {} in {} ms", m.connection, attempt, delay.toMillis());
    Spawn spawn = new Spawn(relaunchReplies, m.kind.name(), m.connection.prefix(), Optional.of(m.connection.componentType()), m.args, m.version, attempt);
    relaunching.put(m.connection, new PendingRelaunch(spawn, m.epoch));
    timers.startSingleTimer(new RelaunchDue(m.connection), new RelaunchDue(m.connection), delay);
  }

  /** The component is no longer this agent's: its slot is free, and a shutdown may be complete. */
  private void forget(Managed m) {
    components.remove(m.connection);
    startWaiting();
    if (components.isEmpty() && !stoppingAll.isEmpty()) {
      getContext().getLog().info("all components stopped");
      stoppingAll.forEach(r -> r.tell(Done.getInstance()));
    }
  }

  private Failed stillRegistered(Connection connection, Remains remains) {
    return Failed.of(FailureReason.StillRegistered, connection + ": its processes are gone, but its registration could not be removed from the registry ("
        + remains.why() + "); kill it again to retry; it goes at the latest when " + settings.prefix() + " leaves the cluster");
  }

  // ---- shutdown

  private Behavior<Object> onStopAll(StopAll stop) {
    stoppingAll.add(stop.replyTo());
    relaunching.keySet().forEach(connection -> timers.cancel(new RelaunchDue(connection)));
    relaunching.clear();
    Spawn queued;
    while ((queued = waiting.pollFirst()) != null) {
      queued.replyTo().tell(Failed.of(FailureReason.AgentStopping, settings.prefix() + " is shutting down"));
    }
    if (components.isEmpty()) {
      stop.replyTo().tell(Done.getInstance());
      return this;
    }
    getContext().getLog().info("shutting down: stopping {} components", components.size());
    for (Managed m : List.copyOf(components.values())) {
      if (m.state != ComponentState.Stopping) {
        stop(m, Failed.of(FailureReason.AgentStopping, m.connection + " was stopped while starting: " + settings.prefix() + " is shutting down"));
      }
    }
    return this;
  }

  // ---- status

  private Behavior<Object> onGetStatus(GetAgentStatus get) {
    java.util.stream.Stream<ComponentStatus> managed = components.values().stream()
        .map(m -> new ComponentStatus(m.connection, m.kind.name(), m.state, m.process.map(RunningProcess::pid).orElse(0L), m.epoch,
            m.process.map(RunningProcess::startedAt).orElse(Instant.EPOCH)));
    java.util.stream.Stream<ComponentStatus> restarting = relaunching.entrySet().stream()
        .map(e -> new ComponentStatus(e.getKey(), e.getValue().spawn().kind(), ComponentState.Restarting, 0L, e.getValue().lastEpoch(), Instant.EPOCH));
    java.util.stream.Stream<ComponentStatus> queued = waiting.stream()
        .flatMap(w -> settings.kinds().find(w.kind()).stream()
            .map(kind -> new ComponentStatus(connectionOf(w, kind), kind.name(), ComponentState.Queued, 0L, 0L, Instant.EPOCH)));
    List<ComponentStatus> statuses = java.util.stream.Stream.of(managed, restarting, queued).flatMap(s -> s)
        .sorted(Comparator.comparing(s -> s.connection().name()))
        .toList();
    get.replyTo().tell(new AgentStatus(settings.prefix(), settings.hostname(), statuses));
    return this;
  }

  private static Failed reserveRefused(Connection connection, ReserveResult result) {
    if (result instanceof AlreadyRegistered taken) {
      return Failed.of(FailureReason.AlreadyRegistered, connection + " is already registered at " + taken.existing().uri()
          + taken.existing().agentPrefix().map(a -> " (agent " + a + ")").orElse(""));
    }
    if (result instanceof AlreadyReserved held) {
      return Failed.of(FailureReason.AlreadyReserved, connection + " is being spawned by another agent (epoch " + held.epoch() + ")");
    }
    return Failed.of(FailureReason.RegistryUnavailable, "cannot reserve " + connection + ": " + result);
  }
}
