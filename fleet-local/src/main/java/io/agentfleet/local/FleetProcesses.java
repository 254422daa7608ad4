package io.agentfleet.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Every process the local fleet started, and every process those started in turn, so that stopping
 * leaves none behind.
 *
 * <p>Descendants are noted as they appear, not only when stopping: a Ctrl-C in a terminal signals the
 * members too, and a member that exits first hands its children to init, where they are no longer
 * anyone's descendants here. A noted {@link ProcessHandle} compares by pid and start time, so a reused
 * pid is never mistaken for one of ours.
 */
final class FleetProcesses {
  private static final Duration WATCH_EVERY = Duration.ofMillis(250);

  private final List<Member> members = new ArrayList<>();
  private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "fleet-process-watch");
    thread.setDaemon(true);
    return thread;
  });
  private final Consumer<Member> onUnexpectedExit;
  private volatile boolean stopping;

  /** {@code onUnexpectedExit} hears of a member that exits before the fleet is stopped. */
  FleetProcesses(Consumer<Member> onUnexpectedExit) {
    this.onUnexpectedExit = onUnexpectedExit;
    watcher.scheduleWithFixedDelay(this::noteDescendants, 0, WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts a member, unless stopping has begun (a Ctrl-C during start-up). */
  synchronized Member start(String name, ProcessBuilder builder, Path log) throws IOException {
    if (stopping) {
      throw new LaunchFailure("stopping: " + name + " is not started");
    }
    Member member = new Member(name, builder.start(), log);
    members.add(member);
    seen.add(member.process().toHandle());
    member.process().onExit().thenRun(() -> {
      if (!stopping) {
        onUnexpectedExit.accept(member);
      }
    });
    return member;
  }

  /** True once any process has been started. */
  synchronized boolean startedAny() {
    return !members.isEmpty();
  }

  /**
   * Stops every member with its process tree, all at once: SIGTERM, then SIGKILL for what is left after
   * {@code grace}, and the same for any other process seen; returns when all are gone. At once, because
   * one at a time a cluster member leaving after the others waits for peers that are already gone.
   */
  void stopAll(Duration grace) {
    List<Member> all;
    synchronized (this) {
      stopping = true;
      all = new ArrayList<>(members);
    }
    // The snapshot comes first: once a member has exited, its children are no longer its descendants.
    for (Member member : all) {
      member.process().descendants().forEach(seen::add);
    }
    noteDescendants();
    watcher.shutdownNow();
    seen.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle p : seen) {
      awaitExit(p, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    // Anything that appeared while stopping (a component started just before the signal).
    noteDescendants();
    seen.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    seen.forEach(p -> awaitExit(p, grace));
  }

  private void noteDescendants() {
    ProcessHandle.current().descendants().forEach(seen::add);
  }

  /** Waits up to {@code within} for {@code process} to exit, then SIGKILLs it and waits for that. */
  private static void awaitExit(ProcessHandle process, Duration within) {
    try {
      process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      process.destroyForcibly();
      try {
        process.onExit().get(LocalFleet.STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException | InterruptedException stuck) {
        // A process that survives SIGKILL for this long is in the kernel's hands; nothing more to do.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
