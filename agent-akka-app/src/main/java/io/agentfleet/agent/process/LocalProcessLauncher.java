package io.agentfleet.agent.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Starts real processes on this host ({@link ComponentProcess}); fork/exec, file and /proc work run on {@code blocking}. */
public final class LocalProcessLauncher implements ProcessLauncher {
  private final Executor blocking;

  public LocalProcessLauncher(Executor blocking) {
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<RunningProcess> start(LaunchSpec spec) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return ComponentProcess.start(spec);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, blocking);
  }

  @Override
  public CompletionStage<ProcessTree.Ending> terminate(RunningProcess process, Duration grace) {
    if (!(process instanceof ComponentProcess started)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("not started by this launcher: pid " + process.pid()));
    }
    return ProcessTree.terminate(started.handle(), grace, blocking);
  }
}
