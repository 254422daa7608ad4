package io.agentfleet.agent.fencing;

import io.agentfleet.agent.process.LaunchSpec;
import io.agentfleet.agent.process.ProcessLauncher;
import io.agentfleet.agent.process.ProcessTree;
import io.agentfleet.agent.process.RunningProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Starts every component with a lease: before the process starts, its lease is opened (and renewed
 * from then on by {@link ComponentLeases}), and the JVM gets the watchdog that halts it when the
 * lease lapses; the lease closes when the process exits. So no component outlives its agent's
 * standing in the cluster, whatever happens to the agent.
 */
public final class FencedLauncher implements ProcessLauncher {
  private final ProcessLauncher launcher;
  private final ComponentLeases leases;
  private final Path watchdogJar;
  private final Duration lease;
  private final Executor blocking;

  /**
   * @param launcher what really starts processes
   * @param watchdogJar the jar {@link WatchdogJar#writeTo} wrote
   * @param lease how long a component lives on without a renewal
   * @param blocking where lease files are written
   */
  public FencedLauncher(ProcessLauncher launcher, ComponentLeases leases, Path watchdogJar, Duration lease, Executor blocking) {
    this.launcher = launcher;
    this.leases = leases;
    this.watchdogJar = watchdogJar;
    this.lease = lease;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<RunningProcess> start(LaunchSpec spec) {
    return CompletableFuture.supplyAsync(() -> leases.open(spec.run()), blocking)
        .thenCompose(leaseFile -> launcher
            .start(spec.withJvmOption(WatchdogJar.javaagentOption(watchdogJar, lease.toMillis(), leaseFile)))
            .whenCompleteAsync((process, failure) -> {
              if (failure != null) {
                leases.close(leaseFile);
              } else {
                process.exit().whenCompleteAsync((code, noExit) -> leases.close(leaseFile), blocking);
              }
            }, blocking));
  }

  @Override
  public CompletionStage<ProcessTree.Ending> terminate(RunningProcess process, Duration grace) {
    return launcher.terminate(process, grace);
  }
}
