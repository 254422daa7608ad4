package io.agentfleet.agent.host;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
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
import io.agentfleet.agent.client.AgentProtocol.LogRequest;
import io.agentfleet.agent.client.AgentProtocol;
import io.agentfleet.agent.client.AgentProtocol.Killed;
import io.agentfleet.agent.client.AgentProtocol.SpawnComponent;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.SpawnSequenceComponent;
import io.agentfleet.agent.client.AgentProtocol.SpawnSequenceManager;
import io.agentfleet.agent.client.AgentProtocol.Spawned;
import io.agentfleet.agent.host.RegistrationRemoval.Outcome;
import io.agentfleet.agent.host.RegistrationRemoval.Remains;
import io.agentfleet.agent.kinds.ComponentKind;
import io.agentfleet.agent.logs.ComponentLogFiles;
import io.agentfleet.agent.logs.ComponentLogs;
import io.agentfleet.agent.process.ProcessLauncher;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The agent of one host: the only thing that starts and stops components there. A spawn first
 * reserves the component's name in the registry (so it never runs twice), then starts the process,
 * then waits until the process registers with the reservation's epoch and its own PID. Process work
 * (fork, signals, waiting) goes through the {@link ProcessLauncher}, which never blocks the actor;
 * results come back as messages. A kill is answered {@code Killed} only once the process tree is gone
 * and the registration was removed.
 *
 * <p>Each run of a component is a {@link ComponentRun} child that carries it from reservation to
 * unregistration; the agent itself keeps admission (kinds, versions, the start queue), routes kills to
 * the runs, plans relaunches, and answers the status from what the runs report.
 */
public final class Agent extends AbstractBehavior<Object> {
  /** Dispatcher for process work, from config. */
  public static final String BLOCKING_DISPATCHER = "agent.blocking-dispatcher";

  // ---- internal messages
  /** A spawn to carry out; {@code restarts} counts the relaunches in a row this one continues (0 for a request). */
  private record Spawn(
      ActorRef<SpawnResponse> replyTo, String kind, Prefix prefix, Optional<ComponentType> type, List<String> args, Optional<String> version, int restarts) {
    Spawn(ActorRef<SpawnResponse> replyTo, String kind, Prefix prefix, Optional<ComponentType> type, List<String> args, Optional<String> version) {
      this(replyTo, kind, prefix, type, args, version, 0);
    }
  }

  private record KillTargetLooked(KillComponent kill, Optional<Location> registered) {}

  /** A kill of a component this agent no longer runs: what became of its leftover registration. */
  private record LeftoverReleased(KillComponent kill, Outcome outcome) {}

  /** A component that ended unasked waits for its relaunch; {@code lastEpoch} is that of the run that ended. */
  private record PendingRelaunch(Spawn spawn, long lastEpoch) {}

  private record RelaunchDue(Connection connection) {}

  /** A queued spawn has waited agent.max-queue-wait for a start slot (also the timer's key). */
  private record QueueOverdue(Spawn spawn) {}

  private record RelaunchAnswered(SpawnResponse response) {}

  /** A run's child stopped; if the agent still counts it as running, the run failed unexpectedly. */
  private record RunStopped(Connection connection, ActorRef<ComponentRun.Command> run) {}

  /**
   * One run this agent is spawning, running or stopping: its child, what it runs, its line in the
   * status, and whether a kill was routed to it (a kill is never followed by a relaunch). {@code caller}
   * is who asked for it and hears how its start went; a repeat of that caller's spawn is the same request.
   */
  private record Run(ActorRef<ComponentRun.Command> child, ComponentRun.Plan plan, ActorRef<SpawnResponse> caller, ComponentStatus status, boolean killed) {
    Run with(ComponentStatus newStatus) {
      return new Run(child, plan, caller, newStatus, killed);
    }

    Run killedNow() {
      return new Run(child, plan, caller, status, true);
    }
  }

  private final AgentSettings settings;
  private final LocationService locations;
  private final TimerScheduler<Object> timers;
  private final ProcessLauncher launcher;
  private final Map<Connection, Run> runs = new HashMap<>();
  // Spawns wait here while maxConcurrentStarts processes are starting: a burst of JVM starts on a
  // small host would otherwise starve everything (the agent's own cluster heartbeats included).
  private final Deque<Spawn> waiting = new ArrayDeque<>();
  // Components that ended unasked and wait out their backoff before a relaunch; a kill cancels it.
  private final Map<Connection, PendingRelaunch> relaunching = new HashMap<>();
  private final ActorRef<SpawnResponse> relaunchReplies;
  // Reads of the components' logs go to this child, which reads off the actor's dispatcher.
  private final ActorRef<LogRequest> logs;
  // Set once StopAll arrived: who waits for the last component to be gone.
  private final List<ActorRef<Done>> stoppingAll = new ArrayList<>();
  // Numbers the runs' child names: a new run of a name may start before the last one's child is gone.
  private long runNumber;

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
    this.logs = context.spawn(ComponentLogs.create(new ComponentLogFiles(settings.logDirectory(), AgentProtocol.MAX_LOG_CHUNK_BYTES),
        context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(BLOCKING_DISPATCHER))), "logs");
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(SpawnSequenceComponent.class, this::onSpawnSequenceComponent)
        .onMessage(SpawnSequenceManager.class, this::onSpawnSequenceManager)
        .onMessage(SpawnComponent.class, this::onSpawnComponent)
        .onMessage(KillComponent.class, this::onKill)
        .onMessage(GetAgentStatus.class, this::onGetStatus)
        .onMessage(LogRequest.class, this::onLogRequest)
        .onMessage(StopAll.class, this::onStopAll)
        .onMessage(ComponentRun.Progress.class, this::onProgress)
        .onMessage(ComponentRun.TreeGone.class, this::onTreeGone)
        .onMessage(ComponentRun.Ended.class, this::onEnded)
        .onMessage(RunStopped.class, this::onRunStopped)
        .onMessage(KillTargetLooked.class, this::onKillTargetLooked)
        .onMessage(LeftoverReleased.class, this::onLeftoverReleased)
        .onMessage(RelaunchDue.class, this::onRelaunchDue)
        .onMessage(RelaunchAnswered.class, this::onRelaunchAnswered)
        .onMessage(QueueOverdue.class, this::onQueueOverdue)
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
    if (isRepeated(spawn)) {
      // The caller sent it again (its watch of this agent went astray, as when this agent restarted on
      // the same address and the caller's connection still pointed at the earlier run): it is the same
      // request, answered once, by the queue entry or the run that has it.
      return this;
    }
    waiting.addLast(spawn);
    startWaiting();
    if (waiting.contains(spawn)) {
      // Waiting for a slot is not failing: the spawn's own deadlines (reservation hold, registration
      // timeout) start only when it takes a slot. This bounds the wait, so the caller (who waits
      // agent-client.max-queue-wait longer for a spawn) always hears back.
      timers.startSingleTimer(new QueueOverdue(spawn), new QueueOverdue(spawn), settings.maxQueueWait());
    }
    return this;
  }

  private boolean isRepeated(Spawn spawn) {
    if (spawn.replyTo().equals(relaunchReplies)) {
      return false;
    }
    return waiting.stream().anyMatch(w -> w.replyTo().equals(spawn.replyTo()) && w.prefix().equals(spawn.prefix()))
        || runs.values().stream().anyMatch(r -> r.caller().equals(spawn.replyTo()) && r.plan().connection().prefix().equals(spawn.prefix()));
  }

  private Behavior<Object> onQueueOverdue(QueueOverdue overdue) {
    if (waiting.remove(overdue.spawn())) {
      overdue.spawn().replyTo().tell(Failed.of(FailureReason.QueueWaitExceeded, overdue.spawn().prefix() + " waited "
          + settings.maxQueueWait().toSeconds() + " s for a start slot on " + settings.prefix() + " (" + settings.maxConcurrentStarts()
          + " start at once, " + waiting.size() + " still queued); it was not started"));
    }
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
      Spawn next = waiting.pollFirst();
      timers.cancel(new QueueOverdue(next));
      begin(next);
    }
  }

  private long startingCount() {
    return runs.values().stream().filter(r -> r.status().state() == ComponentState.Starting).count();
  }

  /** Takes a start slot for {@code spawn} (a child that reserves its name), or refuses it if its name is managed already. */
  private void begin(Spawn spawn) {
    ComponentKind kind = settings.kinds().find(spawn.kind()).orElseThrow(); // checked on arrival; kinds never change
    Optional<String> version = kind.versionFor(spawn.version());
    Connection connection = connectionOf(spawn, kind);
    if (relaunching.remove(connection) != null) {
      // An operator's spawn takes the place of a pending relaunch (and starts a fresh count).
      timers.cancel(new RelaunchDue(connection));
      getContext().getLog().info("{}: spawn requested, pending relaunch dropped", connection);
    }
    if (runs.containsKey(connection)) {
      ComponentState state = runs.get(connection).status().state();
      spawn.replyTo().tell(Failed.of(state == ComponentState.Running ? FailureReason.AlreadyRegistered : FailureReason.AlreadyReserved,
          connection + " is " + state.name().toLowerCase() + " on " + settings.prefix()));
      return;
    }
    ComponentRun.Plan plan = new ComponentRun.Plan(connection, kind, spawn.args(), version, spawn.restarts());
    ActorRef<ComponentRun.Command> child = getContext().spawn(
        ComponentRun.create(settings, locations, launcher, plan, spawn.replyTo(), getContext().getSelf().narrow()),
        URLEncoder.encode(connection.name(), StandardCharsets.UTF_8) + "-" + (++runNumber));
    getContext().watchWith(child, new RunStopped(connection, child));
    runs.put(connection, new Run(child, plan, spawn.replyTo(), new ComponentStatus(connection, kind.name(), ComponentState.Starting, 0L, 0L, Instant.EPOCH), false));
  }

  private static Connection connectionOf(Spawn spawn, ComponentKind kind) {
    return new Connection(spawn.prefix(), spawn.type().orElse(kind.componentType()), kind.connectionType());
  }

  // ---- what the runs report

  private Behavior<Object> onProgress(ComponentRun.Progress progress) {
    Connection connection = progress.status().connection();
    runs.computeIfPresent(connection, (c, run) -> run.with(progress.status()));
    if (progress.status().state() == ComponentState.Running) {
      startWaiting(); // it no longer holds a start slot
    }
    return this;
  }

  private Behavior<Object> onTreeGone(ComponentRun.TreeGone gone) {
    // The tree is gone: its start slot (if it was starting) is free for the next spawn.
    startWaiting();
    return this;
  }

  private Behavior<Object> onEnded(ComponentRun.Ended ended) {
    Run run = runs.remove(ended.connection());
    if (run == null) {
      return this;
    }
    // Sent after every kill routed to it, so each of those is answered before the child goes.
    run.child().tell(new ComponentRun.Dismiss());
    // The run may have ended before a kill routed to it arrived: the kill still cancels the relaunch.
    if (!run.killed() && stoppingAll.isEmpty()) {
      ended.relaunch().ifPresent(attempt -> planRelaunchDue(run.plan(), ended.epoch(), attempt));
    }
    forgotten();
    return this;
  }

  private Behavior<Object> onRunStopped(RunStopped stopped) {
    Run run = runs.get(stopped.connection());
    if (run != null && run.child().equals(stopped.run())) {
      // Its child failed before it could report its end; what became of its process is unknown.
      getContext().getLog().error("{}: its run stopped unexpectedly (epoch {}, pid {})", stopped.connection(), run.status().epoch(), run.status().pid());
      runs.remove(stopped.connection());
      forgotten();
    }
    return this;
  }

  /** A run is no longer this agent's: its slot is free, and a shutdown may be complete. */
  private void forgotten() {
    startWaiting();
    if (runs.isEmpty() && !stoppingAll.isEmpty()) {
      getContext().getLog().info("all components stopped");
      stoppingAll.forEach(r -> r.tell(Done.getInstance()));
    }
  }

  // ---- relaunch

  private void planRelaunchDue(ComponentRun.Plan plan, long lastEpoch, int attempt) {
    Duration delay = plan.kind().restart().delayBefore(attempt);
    Connection connection = plan.connection();
    getContext().getLog().info("{}: relaunch {} in {} ms", connection, attempt, delay.toMillis());
    Spawn spawn = new Spawn(relaunchReplies, plan.kind().name(), connection.prefix(), Optional.of(connection.componentType()), plan.args(), plan.version(), attempt);
    relaunching.put(connection, new PendingRelaunch(spawn, lastEpoch));
    timers.startSingleTimer(new RelaunchDue(connection), new RelaunchDue(connection), delay);
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

  // ---- kill

  private Behavior<Object> onKill(KillComponent kill) {
    Connection connection = kill.location().connection();
    Run run = runs.get(connection);
    if (run != null) {
      runs.put(connection, run.killedNow());
      run.child().tell(new ComponentRun.Kill(kill.replyTo()));
      return this;
    }
    if (relaunching.remove(connection) != null) {
      timers.cancel(new RelaunchDue(connection));
      getContext().getLog().info("{}: killed while waiting for its relaunch; it stays down", connection);
      kill.replyTo().tell(new Killed(connection));
      return this;
    }
    Optional<Prefix> spawnedBy = kill.location().agentPrefix();
    if (spawnedBy.isPresent() && !spawnedBy.get().equals(settings.prefix())) {
      kill.replyTo().tell(Failed.of(FailureReason.NotOnThisHost,
          connection + " was spawned by " + spawnedBy.get() + ", not by " + settings.prefix()));
    } else if (spawnedBy.isPresent() && kill.location().epoch().isPresent()) {
      // Ours once and no longer running; its registration may be left over (an earlier removal
      // failed): remove it, fenced by its epoch, so Killed is true.
      getContext().pipeToSelf(
          RegistrationRemoval.remove(locations, connection, kill.location().epoch().get(), settings.unregisterRetryWithin(), settings.unregisterBackoff()),
          (outcome, failure) -> new LeftoverReleased(kill, outcome));
    } else {
      // Started by hand: answer Killed if it is gone, else say it is not this agent's to kill.
      getContext().pipeToSelf(locations.find(connection), (found, failure) -> new KillTargetLooked(kill, found == null ? Optional.of(kill.location()) : found));
    }
    return this;
  }

  private Behavior<Object> onLeftoverReleased(LeftoverReleased released) {
    Connection connection = released.kill().location().connection();
    if (released.outcome() instanceof Remains remains) {
      released.kill().replyTo().tell(ComponentRun.stillRegistered(connection, remains, settings.prefix()));
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

  // ---- shutdown

  private Behavior<Object> onStopAll(StopAll stop) {
    stoppingAll.add(stop.replyTo());
    relaunching.keySet().forEach(connection -> timers.cancel(new RelaunchDue(connection)));
    relaunching.clear();
    Spawn queued;
    while ((queued = waiting.pollFirst()) != null) {
      timers.cancel(new QueueOverdue(queued));
      queued.replyTo().tell(Failed.of(FailureReason.AgentStopping, settings.prefix() + " is shutting down"));
    }
    if (runs.isEmpty()) {
      stop.replyTo().tell(Done.getInstance());
      return this;
    }
    getContext().getLog().info("shutting down: stopping {} components", runs.size());
    runs.values().forEach(run -> run.child().tell(new ComponentRun.Stop(Failed.of(FailureReason.AgentStopping,
        run.plan().connection() + " was stopped while starting: " + settings.prefix() + " is shutting down"))));
    return this;
  }

  // ---- logs

  private Behavior<Object> onLogRequest(LogRequest request) {
    logs.tell(request);
    return this;
  }

  // ---- status

  private Behavior<Object> onGetStatus(GetAgentStatus get) {
    Stream<ComponentStatus> managed = runs.values().stream().map(Run::status);
    Stream<ComponentStatus> restarting = relaunching.entrySet().stream()
        .map(e -> new ComponentStatus(e.getKey(), e.getValue().spawn().kind(), ComponentState.Restarting, 0L, e.getValue().lastEpoch(), Instant.EPOCH));
    Stream<ComponentStatus> queued = waiting.stream()
        .flatMap(w -> settings.kinds().find(w.kind()).stream()
            .map(kind -> new ComponentStatus(connectionOf(w, kind), kind.name(), ComponentState.Queued, 0L, 0L, Instant.EPOCH)));
    List<ComponentStatus> statuses = Stream.of(managed, restarting, queued).flatMap(s -> s)
        .sorted(Comparator.comparing(s -> s.connection().name()))
        .toList();
    get.replyTo().tell(new AgentStatus(settings.prefix(), settings.hostname(), statuses));
    return this;
  }
}
