package io.agentfleet.agent.host;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agent.client.AgentProtocol.ComponentStatus;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.KillResponse;
import io.agentfleet.agent.client.AgentProtocol.Killed;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.Spawned;
import io.agentfleet.agent.host.RegistrationRemoval.Outcome;
import io.agentfleet.agent.host.RegistrationRemoval.Remains;
import io.agentfleet.agent.kinds.ComponentKind;
import io.agentfleet.agent.kinds.RestartPolicy;
import io.agentfleet.agent.process.LaunchSpec;
import io.agentfleet.agent.process.ProcessLauncher;
import io.agentfleet.agent.process.ProcessTree;
import io.agentfleet.agent.process.RunningProcess;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.AlreadyReserved;
import io.agentfleet.location.api.RegistrationResult.RegistryUnavailable;
import io.agentfleet.location.api.RegistrationResult.Reserved;
import io.agentfleet.location.api.RegistrationResult.ReserveResult;
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.api.TrackingSubscription;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run of a component, as a child of its {@link Agent}: reserving its name → launching its process
 * → awaiting its registration → running → stopping its process tree → releasing its registration →
 * ended (until the agent dismisses it, so a kill that crossed its end is still answered). The
 * run owns its epoch, process, tracking subscription and registration timer; they end with it, so a
 * late message of a run that is over reaches no one. It tells the agent where it stands
 * ({@link Progress}), when a start slot it held is free ({@link TreeGone}) and that it is over
 * ({@link Ended}), always before it answers its callers, so the agent's status never lags an answer.
 */
final class ComponentRun {
  private static final int LOG_TAIL = 20;

  /** What a run takes. */
  sealed interface Command
      permits Kill, Stop, Dismiss, ReserveAnswered, Launched, LaunchFailed, LocationSeen, ProcessExited, RegistrationOverdue, TreeEnded, RegistrationReleased {}

  /** Stop this run (if it is not stopping already); {@code replyTo} hears once its tree and registration are gone. */
  record Kill(ActorRef<KillResponse> replyTo) implements Command {}

  /** Stop this run because the agent shuts down; a spawn still waiting for it is answered {@code ifStarting}. */
  record Stop(Failed ifStarting) implements Command {}

  /**
   * The agent read this run's {@link Ended}, so no kill it routed here is on its way any more: the run
   * may go. Until then a kill that crossed the run's end is answered with that end.
   */
  record Dismiss() implements Command {}

  private record ReserveAnswered(ReserveResult result) implements Command {}

  private record Launched(RunningProcess process) implements Command {}

  private record LaunchFailed(String reason) implements Command {}

  private record LocationSeen(Location location) implements Command {}

  private record ProcessExited(int exitCode) implements Command {}

  private enum RegistrationOverdue implements Command { INSTANCE }

  private record TreeEnded(ProcessTree.Ending ending) implements Command {}

  /** The registry was asked to forget this run, whose process tree is gone. */
  private record RegistrationReleased(Outcome outcome) implements Command {}

  /** What a run tells its agent. */
  sealed interface Report permits Progress, TreeGone, Ended {}

  /** The run's line in the agent's status changed. */
  record Progress(ComponentStatus status) implements Report {}

  /** The run's process tree is gone: a start slot it held is free. */
  record TreeGone(Connection connection) implements Report {}

  /** The run is over; {@code relaunch} is the attempt number when its kind's policy relaunches it. */
  record Ended(Connection connection, long epoch, Optional<Integer> relaunch) implements Report {}

  /** What to run: {@code restarts} counts the relaunches in a row this run continues (0 for a request). */
  record Plan(Connection connection, ComponentKind kind, List<String> args, Optional<String> version, int restarts) {}

  /**
   * Who hears how the run ends, and what they hear: the spawn's caller until it is answered, the kill
   * callers, the failure a still unanswered spawn is told, and a relaunch the run's end calls for.
   */
  private record Callers(Optional<ActorRef<SpawnResponse>> spawnReply, List<ActorRef<KillResponse>> kills, Optional<Failed> failure, Optional<Integer> relaunch) {
    Callers killedBy(ActorRef<KillResponse> replyTo) {
      List<ActorRef<KillResponse>> all = new ArrayList<>(kills);
      all.add(replyTo);
      // Asked to stop: a relaunch planned because it failed (and is being cleaned up) is off.
      return new Callers(spawnReply, List.copyOf(all), failure, Optional.empty());
    }

    Callers failing(Failed failed) {
      return new Callers(spawnReply, kills, Optional.of(failed), relaunch);
    }

    Callers relaunching(int attempt) {
      return new Callers(spawnReply, kills, failure, Optional.of(attempt));
    }

    Callers answered() {
      return new Callers(Optional.empty(), kills, failure, relaunch);
    }
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final AgentSettings settings;
  private final LocationService locations;
  private final ProcessLauncher launcher;
  private final ActorRef<Report> agent;
  private final Plan plan;
  private final Connection connection;
  private final ComponentKind kind;

  /** A run of {@code plan}; it reserves the name at once and answers {@code replyTo} how the spawn went. */
  static Behavior<Command> create(AgentSettings settings, LocationService locations, ProcessLauncher launcher, Plan plan,
      ActorRef<SpawnResponse> replyTo, ActorRef<Report> agent) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new ComponentRun(ctx, timers, settings, locations, launcher, plan, agent)
            .reserve(new Callers(Optional.of(replyTo), List.of(), Optional.empty(), Optional.empty()))));
  }

  private ComponentRun(ActorContext<Command> context, TimerScheduler<Command> timers, AgentSettings settings, LocationService locations,
      ProcessLauncher launcher, Plan plan, ActorRef<Report> agent) {
    this.context = context;
    this.timers = timers;
    this.settings = settings;
    this.locations = locations;
    this.launcher = launcher;
    this.agent = agent;
    this.plan = plan;
    this.connection = plan.connection();
    this.kind = plan.kind();
  }

  // ---- reserving: the name is being reserved; nothing runs yet

  private Behavior<Command> reserve(Callers callers) {
    context.getLog().debug("{}: reserving", connection);
    context.pipeToSelf(
        locations.reserve(connection, kind.registrationTimeout().plus(settings.reservationMargin())),
        (result, failure) -> new ReserveAnswered(result != null ? result : new RegistryUnavailable(String.valueOf(failure))));
    return reserving(callers, false);
  }

  /** {@code stopping}: killed or stopped meanwhile; the name is released once the registry answers. */
  private Behavior<Command> reserving(Callers callers, boolean stopping) {
    return Behaviors.receive(Command.class)
        .onMessage(ReserveAnswered.class, answer -> onReserveAnswered(callers, stopping, answer.result()))
        .onMessage(Kill.class, kill -> {
          if (stopping) {
            return reserving(callers.killedBy(kill.replyTo()), true);
          }
          logKilling(0L);
          progress(ComponentState.Stopping, 0L, Optional.empty());
          return reserving(callers.killedBy(kill.replyTo()).failing(killedWhileStarting()), true);
        })
        .onMessage(Stop.class, stop -> {
          if (stopping) {
            return Behaviors.same();
          }
          progress(ComponentState.Stopping, 0L, Optional.empty());
          return reserving(callers.failing(stop.ifStarting()), true);
        })
        .build();
  }

  private Behavior<Command> onReserveAnswered(Callers callers, boolean stopping, ReserveResult result) {
    if (!(result instanceof Reserved reserved)) {
      // Nothing was started and nothing of this agent is registered (a reservation the registry may
      // have made without answering lapses by itself): a kill that came meanwhile is done.
      agent.tell(new Ended(connection, 0L, Optional.empty()));
      callers.spawnReply().ifPresent(r -> r.tell(reserveRefused(connection, result)));
      callers.kills().forEach(r -> r.tell(new Killed(connection)));
      return ended(new RegistrationRemoval.Removed());
    }
    long epoch = reserved.epoch();
    if (stopping) {
      progress(ComponentState.Stopping, epoch, Optional.empty());
      return release(callers, epoch, ProcessTree.Ending.ALREADY_GONE); // killed while reserving: release the name
    }
    progress(ComponentState.Starting, epoch, Optional.empty());
    ActorRef<Command> self = context.getSelf();
    TrackingSubscription tracking = locations.track(connection, event -> {
      if (event instanceof TrackingEvent.LocationUpdated updated) {
        self.tell(new LocationSeen(updated.location()));
      }
    });
    timers.startSingleTimer(RegistrationOverdue.INSTANCE, RegistrationOverdue.INSTANCE, kind.registrationTimeout());
    LaunchSpec spec = LaunchSpecs.of(settings, kind, connection, epoch, plan.version(), plan.args());
    context.getLog().info("{}: starting {} (epoch {})", connection, kind.name(), epoch);
    context.pipeToSelf(
        launcher.start(spec),
        (process, failure) -> process != null ? new Launched(process) : new LaunchFailed(String.valueOf(failure.getCause() != null ? failure.getCause().getMessage() : failure)));
    return launching(callers, epoch, Optional.of(tracking), Optional.empty());
  }

  // ---- launching: the process is being started

  /**
   * {@code tracking} is empty once the run is stopping (killed, stopped, or overdue): the process it
   * gets is then ended at once. {@code seen}: a registration that came before the launch result.
   */
  private Behavior<Command> launching(Callers callers, long epoch, Optional<TrackingSubscription> tracking, Optional<Location> seen) {
    boolean stopping = tracking.isEmpty();
    return Behaviors.receive(Command.class)
        .onMessage(Launched.class, launched -> onLaunched(callers, epoch, tracking, seen, launched.process()))
        .onMessage(LaunchFailed.class, failed -> {
          // A kill asked for this run to stay down, whatever became of its start.
          Callers next = callers.kills().isEmpty() ? relaunchOfARelaunch(callers, -1) : callers;
          stopAwaiting(tracking);
          progress(ComponentState.Stopping, epoch, Optional.empty());
          return release(next.failing(Failed.of(FailureReason.LaunchFailed, "cannot start " + connection + ": " + failed.reason())), epoch,
              ProcessTree.Ending.ALREADY_GONE);
        })
        .onMessage(LocationSeen.class, s -> !stopping && s.location().epoch().orElse(-1L) == epoch
            ? launching(callers, epoch, tracking, Optional.of(s.location())) : Behaviors.same())
        .onMessage(RegistrationOverdue.class, overdue -> {
          if (stopping) {
            return Behaviors.same();
          }
          context.getLog().warn("{}: did not register within {}, killing it", connection, kind.registrationTimeout());
          stopAwaiting(tracking);
          progress(ComponentState.Stopping, epoch, Optional.empty());
          return launching(relaunchOfARelaunch(callers, -1).failing(registrationTimedOut(List.of())), epoch, Optional.empty(), seen);
        })
        .onMessage(Kill.class, kill -> {
          if (stopping) {
            return launching(callers.killedBy(kill.replyTo()), epoch, tracking, seen);
          }
          logKilling(0L);
          stopAwaiting(tracking);
          progress(ComponentState.Stopping, epoch, Optional.empty());
          return launching(callers.killedBy(kill.replyTo()).failing(killedWhileStarting()), epoch, Optional.empty(), seen);
        })
        .onMessage(Stop.class, stop -> {
          if (stopping) {
            return Behaviors.same();
          }
          stopAwaiting(tracking);
          progress(ComponentState.Stopping, epoch, Optional.empty());
          return launching(callers.failing(stop.ifStarting()), epoch, Optional.empty(), seen);
        })
        .onSignal(PostStop.class, signal -> closing(tracking))
        .build();
  }

  private Behavior<Command> onLaunched(Callers callers, long epoch, Optional<TrackingSubscription> tracking, Optional<Location> seen, RunningProcess process) {
    long pid = process.pid();
    context.getLog().info("{}: process {} started", connection, pid);
    context.pipeToSelf(process.exit(), (code, failure) -> new ProcessExited(code != null ? code : -1));
    if (tracking.isEmpty()) {
      return stopTree(callers, epoch, process); // stopping: this process must not live on
    }
    progress(ComponentState.Starting, epoch, Optional.of(process));
    // It may have registered before the launch result came.
    return seen.isPresent()
        ? onRegistered(callers, epoch, process, tracking.get(), seen.get())
        : awaitingRegistration(callers, epoch, process, tracking.get());
  }

  // ---- awaiting registration: the process runs; the run is a spawn until it registers

  private Behavior<Command> awaitingRegistration(Callers callers, long epoch, RunningProcess process, TrackingSubscription tracking) {
    return Behaviors.receive(Command.class)
        .onMessage(LocationSeen.class, seen -> onRegistered(callers, epoch, process, tracking, seen.location()))
        .onMessage(ProcessExited.class, exited -> {
          context.getLog().warn("{}: process {} exited with {} before registering", connection, process.pid(), exited.exitCode());
          stopAwaiting(Optional.of(tracking));
          return stopTree(relaunchOfARelaunch(callers, exited.exitCode()).failing(new Failed(FailureReason.ProcessExited,
              connection + " exited with code " + exited.exitCode() + " before it registered", Optional.of(exited.exitCode()), process.logTail(LOG_TAIL))),
              epoch, process);
        })
        .onMessage(RegistrationOverdue.class, overdue -> {
          context.getLog().warn("{}: did not register within {}, killing it", connection, kind.registrationTimeout());
          stopAwaiting(Optional.of(tracking));
          return stopTree(relaunchOfARelaunch(callers, -1).failing(registrationTimedOut(process.logTail(LOG_TAIL))), epoch, process);
        })
        .onMessage(Kill.class, kill -> {
          logKilling(process.pid());
          stopAwaiting(Optional.of(tracking));
          return stopTree(callers.killedBy(kill.replyTo()).failing(killedWhileStarting()), epoch, process);
        })
        .onMessage(Stop.class, stop -> {
          stopAwaiting(Optional.of(tracking));
          return stopTree(callers.failing(stop.ifStarting()), epoch, process);
        })
        .onSignal(PostStop.class, signal -> closing(Optional.of(tracking)))
        .build();
  }

  private Behavior<Command> onRegistered(Callers callers, long epoch, RunningProcess process, TrackingSubscription tracking, Location location) {
    if (location.epoch().orElse(-1L) != epoch) {
      return awaitingRegistration(callers, epoch, process, tracking);
    }
    long pid = process.pid();
    if (location.pid().orElse(-1L) != pid) {
      context.getLog().warn("{}: registered with PID {} but the agent started {}", connection, location.pid().orElse(-1L), pid);
      return awaitingRegistration(callers, epoch, process, tracking);
    }
    stopAwaiting(Optional.of(tracking));
    progress(ComponentState.Running, epoch, Optional.of(process));
    context.getLog().info("{}: spawned at {} (pid {}, epoch {})", connection, location.uri(), pid, epoch);
    callers.spawnReply().ifPresent(r -> r.tell(new Spawned(location)));
    return running(callers.answered(), epoch, process);
  }

  // ---- running

  private Behavior<Command> running(Callers callers, long epoch, RunningProcess process) {
    return Behaviors.receive(Command.class)
        .onMessage(ProcessExited.class, exited -> {
          context.getLog().warn("{}: process {} exited unexpectedly with {}, unregistering", connection, process.pid(), exited.exitCode());
          Duration ranFor = Duration.between(process.startedAt(), Instant.now());
          // Its tree goes too (children it left behind), then its registration.
          return stopTree(relaunch(callers, exited.exitCode(), kind.restart().restartsSoFar(plan.restarts(), ranFor)), epoch, process);
        })
        .onMessage(Kill.class, kill -> {
          logKilling(process.pid());
          return stopTree(callers.killedBy(kill.replyTo()), epoch, process);
        })
        .onMessage(Stop.class, stop -> stopTree(callers, epoch, process))
        .build();
  }

  // ---- stopping: the process tree is being ended

  private Behavior<Command> stopTree(Callers callers, long epoch, RunningProcess process) {
    progress(ComponentState.Stopping, epoch, Optional.of(process));
    context.pipeToSelf(
        launcher.terminate(process, kind.killGrace()),
        (ending, failure) -> new TreeEnded(ending != null ? ending : ProcessTree.Ending.KILLED_AFTER_GRACE));
    return stopping(callers, epoch);
  }

  private Behavior<Command> stopping(Callers callers, long epoch) {
    return Behaviors.receive(Command.class)
        .onMessage(TreeEnded.class, ended -> release(callers, epoch, ended.ending()))
        .onMessage(Kill.class, kill -> stopping(callers.killedBy(kill.replyTo()), epoch))
        .onMessage(Stop.class, stop -> Behaviors.same())
        .build();
  }

  // ---- releasing: the tree is gone; the registration (or reservation) goes next

  private Behavior<Command> release(Callers callers, long epoch, ProcessTree.Ending ending) {
    context.getLog().info("{}: stopped ({}), unregistering", connection, ending);
    // Fenced by epoch: a newer registration of the name (a failover elsewhere) is left alone.
    context.pipeToSelf(
        RegistrationRemoval.remove(locations, connection, epoch, settings.unregisterRetryWithin(), settings.unregisterBackoff()),
        (outcome, failure) -> new RegistrationReleased(outcome));
    agent.tell(new TreeGone(connection));
    return releasing(callers, epoch);
  }

  private Behavior<Command> releasing(Callers callers, long epoch) {
    return Behaviors.receive(Command.class)
        .onMessage(RegistrationReleased.class, released -> onReleased(callers, epoch, released.outcome()))
        .onMessage(Kill.class, kill -> releasing(callers.killedBy(kill.replyTo()), epoch))
        .onMessage(Stop.class, stop -> Behaviors.same())
        .build();
  }

  private Behavior<Command> onReleased(Callers callers, long epoch, Outcome outcome) {
    if (outcome instanceof Remains remains) {
      context.getLog().warn("{}: its processes are gone but its registration could not be removed ({}); it stays down", connection, remains.why());
      agent.tell(new Ended(connection, epoch, Optional.empty()));
      callers.failure().ifPresent(f -> callers.spawnReply().ifPresent(r -> r.tell(new Failed(f.reason(),
          f.message() + "; its reservation could not be released (" + remains.why() + "), it lapses by itself", f.exitCode(), f.logTail()))));
      callers.kills().forEach(r -> r.tell(stillRegistered(connection, remains, settings.prefix())));
    } else {
      context.getLog().info("{}: unregistered", connection);
      agent.tell(new Ended(connection, epoch, callers.relaunch()));
      callers.failure().ifPresent(f -> callers.spawnReply().ifPresent(r -> r.tell(f)));
      callers.kills().forEach(r -> r.tell(new Killed(connection)));
    }
    return ended(outcome);
  }

  // ---- ended: over, waiting for the agent to dismiss it

  private Behavior<Command> ended(Outcome outcome) {
    return Behaviors.receive(Command.class)
        .onMessage(Kill.class, kill -> {
          kill.replyTo().tell(outcome instanceof Remains remains ? stillRegistered(connection, remains, settings.prefix()) : new Killed(connection));
          return Behaviors.same();
        })
        .onMessage(Dismiss.class, dismiss -> Behaviors.stopped())
        .build();
  }

  // ---- rules shared by the phases

  /**
   * A relaunch that fails to start counts as one more failure in a row (an operator's own spawn that
   * fails is only answered: the caller decides).
   */
  private Callers relaunchOfARelaunch(Callers callers, int exitCode) {
    return plan.restarts() > 0 ? relaunch(callers, exitCode, plan.restarts()) : callers;
  }

  private Callers relaunch(Callers callers, int exitCode, int restartsSoFar) {
    RestartPolicy policy = kind.restart();
    if (policy.relaunches(exitCode, restartsSoFar)) {
      return callers.relaunching(restartsSoFar + 1);
    }
    if (policy.mode() == RestartPolicy.Mode.ON_FAILURE && exitCode != 0) {
      context.getLog().warn("{}: failed again after {} relaunches in a row; it stays down", connection, restartsSoFar);
    }
    return callers;
  }

  /** The run no longer waits for a registration: its timer and tracking end. */
  private void stopAwaiting(Optional<TrackingSubscription> tracking) {
    timers.cancel(RegistrationOverdue.INSTANCE);
    tracking.ifPresent(TrackingSubscription::close);
  }

  private Behavior<Command> closing(Optional<TrackingSubscription> tracking) {
    tracking.ifPresent(TrackingSubscription::close);
    return Behaviors.same();
  }

  private void progress(ComponentState state, long epoch, Optional<RunningProcess> process) {
    agent.tell(new Progress(new ComponentStatus(connection, kind.name(), state, process.map(RunningProcess::pid).orElse(0L), epoch,
        process.map(RunningProcess::startedAt).orElse(Instant.EPOCH))));
  }

  private void logKilling(long pid) {
    context.getLog().info("{}: killing (pid {})", connection, pid == 0L ? -1L : pid);
  }

  private Failed killedWhileStarting() {
    return Failed.of(FailureReason.ProcessExited, connection + " was killed while starting");
  }

  private Failed registrationTimedOut(List<String> logTail) {
    return new Failed(FailureReason.RegistrationTimeout, connection + " did not register within " + kind.registrationTimeout().toMillis() + " ms; it was killed",
        Optional.empty(), logTail);
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

  /** The answer to a kill whose processes are gone but whose registration could not be removed. */
  static Failed stillRegistered(Connection connection, Remains remains, Prefix agent) {
    return Failed.of(FailureReason.StillRegistered, connection + ": its processes are gone, but its registration could not be removed from the registry ("
        + remains.why() + "); kill it again to retry; it goes at the latest when " + agent + " leaves the cluster");
  }
}
