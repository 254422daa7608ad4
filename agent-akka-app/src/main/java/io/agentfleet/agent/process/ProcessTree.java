package io.agentfleet.agent.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
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

  /** Terminates the tree rooted at {@code root}; signals are sent from {@code blocking}. */
  public static CompletionStage<Ending> terminate(ProcessHandle root, Duration grace, Executor blocking) {
    if (!root.isAlive()) {
      return CompletableFuture.supplyAsync(
          () -> {
            signalGroup(root.pid(), "KILL");
            return Ending.ALREADY_GONE;
          },
          blocking);
    }
    List<ProcessHandle> descendants = root.descendants().toList();
    return CompletableFuture.runAsync(
            () -> {
              signalGroup(root.pid(), "TERM");
              root.destroy();
              descendants.forEach(ProcessHandle::destroy);
            },
            blocking)
        .thenCompose(
            signalled ->
                root.onExit()
                    .orTimeout(grace.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((exited, failure) -> failure instanceof TimeoutException || (failure != null && failure.getCause() instanceof TimeoutException)
                        ? Ending.KILLED_AFTER_GRACE
                        : Ending.EXITED_ON_TERM))
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
