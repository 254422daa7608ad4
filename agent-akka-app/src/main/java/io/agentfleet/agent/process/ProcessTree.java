package io.agentfleet.agent.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a component's whole process tree: SIGTERM to its process group and every descendant, a grace
 * period for the component to exit, then SIGKILL to whatever of the group is left (children that
 * ignored SIGTERM or outlived their parent). Waiting happens on exit futures, never on a thread.
 */
public final class ProcessTree {
  /** How the component ended. */
  public enum Ending {
    /** It exited within the grace period after SIGTERM. */
    EXITED_ON_TERM,
    /** It ignored SIGTERM and was SIGKILLed after the grace period. */
    KILLED_AFTER_GRACE,
    /** It was gone already. */
    ALREADY_GONE
  }

  private ProcessTree() {}

  /**
   * Terminates the tree rooted at {@code root}. Everything that reads the process table
   * ({@code isAlive}, {@code descendants}: /proc on Linux) or sends signals runs on {@code blocking},
   * never on the caller's thread, which may be an actor's.
   */
  public static CompletionStage<Ending> terminate(ProcessHandle root, Duration grace, Executor blocking) {
    return CompletableFuture.supplyAsync(() -> signalTerm(root), blocking)
        .thenCompose(descendants -> descendants.isEmpty()
            ? CompletableFuture.completedFuture(Ending.ALREADY_GONE)
            : awaitThenKill(root, descendants.get(), grace, blocking));
  }

  /** SIGTERM to the tree; the descendants it had, or empty when the root was gone already (then SIGKILL to its group). */
  private static Optional<List<ProcessHandle>> signalTerm(ProcessHandle root) {
    if (!root.isAlive()) {
      signalGroup(root.pid(), "KILL");
      return Optional.empty();
    }
    List<ProcessHandle> descendants = root.descendants().toList();
    signalGroup(root.pid(), "TERM");
    root.destroy();
    descendants.forEach(ProcessHandle::destroy);
    return Optional.of(descendants);
  }

  private static CompletionStage<Ending> awaitThenKill(ProcessHandle root, List<ProcessHandle> descendants, Duration grace, Executor blocking) {
    return root.onExit()
        .orTimeout(grace.toMillis(), TimeUnit.MILLISECONDS)
        .handle((exited, failure) -> failure instanceof TimeoutException || (failure != null && failure.getCause() instanceof TimeoutException)
            ? Ending.KILLED_AFTER_GRACE
            : Ending.EXITED_ON_TERM)
        .thenCompose(
            ending ->
                CompletableFuture.supplyAsync(
                    () -> {
                      signalGroup(root.pid(), "KILL");
                      root.destroyForcibly();
                      descendants.forEach(ProcessHandle::destroyForcibly);
                      return ending;
                    },
                    blocking))
        .thenCompose(ending -> root.onExit().thenApply(gone -> ending));
  }

  /** Sends {@code signal} to the process group {@code pgid} (the component was started with setsid). */
  static void signalGroup(long pgid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid).redirectErrorStream(true).start();
      kill.getInputStream().readAllBytes();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no kill binary: the per-process signals still reach the root and its known descendants
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
