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
import io.agentfleet.agent.client.AgentProtocol;
import io.agentfleet.agent.client.AgentProtocol.AgentCommand;
import io.agentfleet.agent.client.AgentProtocol.AgentStatus;
import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agent.client.AgentProtocol.ComponentStatus;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.GetAgentStatus;
import io.agentfleet.agent.client.AgentProtocol.KillComponent;
import io.agentfleet.agent.client.AgentProtocol.Killed;
import io.agentfleet.agent.client.AgentProtocol.LogRequest;
import io.agentfleet.agent.client.AgentProtocol.SpawnComponent;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.SpawnSequenceComponent;
import io.agentfleet.agent.client.AgentProtocol.SpawnSequenceManager;
import io.agentfleet.agent.logs.ComponentLogFiles;
import io.agentfleet.agent.logs.ComponentLogs;
import io.agentfleet.agent.process.ProcessLauncher;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.model.Connection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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
 * unregistration. The agent itself keeps admission (kinds, versions, the {@link StartQueue}), routes
 * kills to the runs ({@link Runs}), plans relaunches ({@link Relaunches}) and answers the status from
 * what the runs report; the queue, the runs and the relaunches are plain classes it owns, and it
 * keeps the timers they need. A kill of a component it does not run is a {@link LeftoverKill} child's.
 */
public final class Agent extends AbstractBehavior<Object> {
  /** Dispatcher for process work, from config. */
  public static final String BLOCKING_DISPATCHER = "agent.blocking-dispatcher";

  // ---- internal messages
  /** The backoff of a pending relaunch is over (also the timer's key). */
  private record RelaunchDue(Connection connection) {}

  /** A queued spawn has waited agent.max-queue-wait for a start slot (also the timer's key). */
  private record QueueOverdue(Spawn spawn) {}

  /** A run's child stopped; if the agent still counts it as running, the run failed unexpectedly. */
  private record RunStopped(Connection connection, ActorRef<ComponentRun.Command> run) {}

  private final AgentSettings settings;
  private final LocationService locations;
  private final TimerScheduler<Object> timers;
  private final ProcessLauncher launcher;
  private final Runs runs = new Runs();
  private final StartQueue queue;
  private final Relaunches relaunches = new Relaunches();
  // The agent's own relaunches answer to this child, which only logs them.
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
    this.queue = new StartQueue(settings);
    this.relaunchReplies = context.spawn(RelaunchAnswers.create(), "relaunch-answers");
    this.logs = context.spawn(ComponentLogs.create(new ComponentLogFiles(settings.logDirectory(), AgentProtocol.MAX_LOG_CHUNK_BYTES),
        context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(BLOCKING_DISPATCHER))), "logs");
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(SpawnSequenceComponent.class, request -> spawn(Spawn.of(request)))
        .onMessage(SpawnSequenceManager.class, request -> spawn(Spawn.of(request)))
        .onMessage(SpawnComponent.class, request -> spawn(Spawn.of(request)))
        .onMessage(KillComponent.class, this::onKill)
        .onMessage(GetAgentStatus.class, this::onGetStatus)
        .onMessage(LogRequest.class, this::onLogRequest)
        .onMessage(StopAll.class, this::onStopAll)
        .onMessage(ComponentRun.Progress.class, this::onProgress)
        .onMessage(ComponentRun.TreeGone.class, this::onTreeGone)
        .onMessage(ComponentRun.Ended.class, this::onEnded)
        .onMessage(RunStopped.class, this::onRunStopped)
        .onMessage(RelaunchDue.class, this::onRelaunchDue)
        .onMessage(QueueOverdue.class, this::onQueueOverdue)
        .build();
  }

  // ---- spawn

  /** A spawn arrives: refused at once if it can never start, else started now or queued for a slot. */
  private Behavior<Object> spawn(Spawn spawn) {
    if (!stoppingAll.isEmpty()) {
      spawn.replyTo().tell(Failed.of(FailureReason.AgentStopping, settings.prefix() + " is shutting down and starts nothing new"));
      return this;
    }
    Optional<Failed> never = spawn.whyNeverOn(settings.kinds(), settings.prefix());
    if (never.isPresent()) {
      spawn.replyTo().tell(never.get());
      return this;
    }
    if (isRepeated(spawn)) {
      // The caller sent it again (its watch of this agent went astray, as when this agent restarted on
      // the same address and the caller's connection still pointed at the earlier run): it is the same
      // request, answered once, by the queue entry or the run that has it.
      return this;
    }
    queue.add(spawn);
    startWaiting();
    if (queue.isWaiting(spawn)) {
      // The queue's bound on the wait (see StartQueue): its caller, who waits agent-client.max-queue-wait
      // longer for a spawn, always hears back.
      timers.startSingleTimer(new QueueOverdue(spawn), new QueueOverdue(spawn), settings.maxQueueWait());
    }
    return this;
  }

  /** Whether the queue or a run has {@code spawn}'s request already; the agent's own relaunches are never repeated. */
  private boolean isRepeated(Spawn spawn) {
    return !spawn.replyTo().equals(relaunchReplies) && (queue.holdsRequestOf(spawn) || runs.holdsRequestOf(spawn));
  }

  private Behavior<Object> onQueueOverdue(QueueOverdue overdue) {
    queue.overdue(overdue.spawn()).ifPresent(failed -> overdue.spawn().replyTo().tell(failed));
    return this;
  }

  /**
   * Starts waiting spawns, in order, while a start slot is free. A spawn refused at its turn (its name
   * is managed already) uses no slot, so the next one is taken at once.
   */
  private void startWaiting() {
    Optional<Spawn> next;
    while ((next = queue.takeNext(runs.startingCount())).isPresent()) {
      timers.cancel(new QueueOverdue(next.get()));
      begin(next.get());
    }
  }

  /** Takes a start slot for {@code spawn} (a child that reserves its name), or refuses it if its name is managed already. */
  private void begin(Spawn spawn) {
    ComponentRun.Plan plan = spawn.plan(settings.kinds());
    Connection connection = plan.connection();
    if (dropRelaunch(connection)) {
      // An operator's spawn takes the place of a pending relaunch (and starts a fresh count).
      getContext().getLog().info("{}: spawn requested, pending relaunch dropped", connection);
    }
    Optional<Failed> managed = runs.refusal(connection, settings.prefix());
    if (managed.isPresent()) {
      spawn.replyTo().tell(managed.get());
      return;
    }
    ActorRef<ComponentRun.Command> child = getContext().spawn(
        ComponentRun.create(settings, locations, launcher, plan, spawn.replyTo(), getContext().getSelf().narrow()),
        URLEncoder.encode(connection.name(), StandardCharsets.UTF_8) + "-" + (++runNumber));
    getContext().watchWith(child, new RunStopped(connection, child));
    runs.starting(child, plan, spawn.replyTo());
  }

  // ---- what the runs report

  private Behavior<Object> onProgress(ComponentRun.Progress progress) {
    runs.progress(progress.status());
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
    runs.forget(ended.connection()).ifPresent(run -> {
      // Sent after every kill routed to it, so each of those is answered before the child goes.
      run.child().tell(new ComponentRun.Dismiss());
      // The run may have ended before a kill routed to it arrived: the kill still cancels the relaunch.
      if (!run.killed() && stoppingAll.isEmpty()) {
        ended.relaunch().ifPresent(attempt -> planRelaunch(run.plan(), ended.epoch(), attempt));
      }
      forgotten();
    });
    return this;
  }

  private Behavior<Object> onRunStopped(RunStopped stopped) {
    runs.forget(stopped.connection(), stopped.run()).ifPresent(run -> {
      // Its child failed before it could report its end; what became of its process is unknown.
      getContext().getLog().error("{}: its run stopped unexpectedly (epoch {}, pid {})", stopped.connection(), run.status().epoch(), run.status().pid());
      forgotten();
    });
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

  private void planRelaunch(ComponentRun.Plan plan, long lastEpoch, int attempt) {
    Duration delay = relaunches.plan(plan, lastEpoch, attempt, relaunchReplies);
    getContext().getLog().info("{}: relaunch {} in {} ms", plan.connection(), attempt, delay.toMillis());
    timers.startSingleTimer(new RelaunchDue(plan.connection()), new RelaunchDue(plan.connection()), delay);
  }

  private Behavior<Object> onRelaunchDue(RelaunchDue due) {
    relaunches.due(due.connection()).ifPresent(spawn -> {
      getContext().getLog().info("{}: relaunching (attempt {} of {})", due.connection(), spawn.restarts(),
          settings.kinds().find(spawn.kind()).map(k -> k.restart().maxRestarts()).orElse(0));
      spawn(spawn);
    });
    return this;
  }

  /** Drops a pending relaunch of {@code connection} and its timer; whether there was one. */
  private boolean dropRelaunch(Connection connection) {
    if (!relaunches.drop(connection)) {
      return false;
    }
    timers.cancel(new RelaunchDue(connection));
    return true;
  }

  // ---- kill

  private Behavior<Object> onKill(KillComponent kill) {
    Connection connection = kill.location().connection();
    Optional<ActorRef<ComponentRun.Command>> run = runs.killed(connection);
    if (run.isPresent()) {
      run.get().tell(new ComponentRun.Kill(kill.replyTo()));
      return this;
    }
    if (dropRelaunch(connection)) {
      getContext().getLog().info("{}: killed while waiting for its relaunch; it stays down", connection);
      kill.replyTo().tell(new Killed(connection));
      return this;
    }
    // Not run here (any more): a child answers it, once the registry said what is left of it.
    getContext().spawnAnonymous(LeftoverKill.create(settings, locations, kill));
    return this;
  }

  // ---- shutdown

  private Behavior<Object> onStopAll(StopAll stop) {
    stoppingAll.add(stop.replyTo());
    relaunches.dropAll().forEach(connection -> timers.cancel(new RelaunchDue(connection)));
    for (Spawn queued : queue.drain()) {
      timers.cancel(new QueueOverdue(queued));
      queued.replyTo().tell(Failed.of(FailureReason.AgentStopping, settings.prefix() + " is shutting down"));
    }
    Collection<Runs.Run> stopping = runs.all();
    if (stopping.isEmpty()) {
      stop.replyTo().tell(Done.getInstance());
      return this;
    }
    getContext().getLog().info("shutting down: stopping {} components", stopping.size());
    stopping.forEach(run -> run.child().tell(new ComponentRun.Stop(Failed.of(FailureReason.AgentStopping,
        run.plan().connection() + " was stopped while starting: " + settings.prefix() + " is shutting down"))));
    return this;
  }

  // ---- logs and status

  private Behavior<Object> onLogRequest(LogRequest request) {
    logs.tell(request);
    return this;
  }

  private Behavior<Object> onGetStatus(GetAgentStatus get) {
    List<ComponentStatus> statuses = Stream.of(runs.statuses(), relaunches.statuses(), queue.statuses()).flatMap(s -> s)
        .sorted(Comparator.comparing(s -> s.connection().name()))
        .toList();
    get.replyTo().tell(new AgentStatus(settings.prefix(), settings.hostname(), statuses));
    return this;
  }
}
