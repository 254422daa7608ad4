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
import java.util.concurrent.TimeUnit;

/**
 * Starts every component with a lease: before the process starts, its lease is opened (and renewed
 * from then on by {@link ComponentLeases}), and the JVM gets the watchdog that halts it when the
 * lease lapses; the lease closes when the process exits. So no component outlives its agent's
 * standing in the cluster, whatever happens to the agent.
 */
public final class FencedLauncher implements ProcessLauncher {
  /** How long a start waits for fresh evidence before it fails. */
  private static final Duration EVIDENCE_WAIT = Duration.ofSeconds(10);
  private static final Duration EVIDENCE_POLL = Duration.ofMillis(50);

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

  /**
   * Opens the run's lease once there is fresh evidence: an agent that has just joined waits for the
   * registry members to see it Up and vouch for it, rather than fail the spawn.
   */
  private CompletionStage<Path> openLease(String run, long deadline) {
    return CompletableFuture.supplyAsync(() -> leases.open(run), blocking)
        .handle((file, failure) -> {
          Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
          if (cause instanceof ComponentLeases.NoEvidence && System.nanoTime() < deadline) {
            Executor later = CompletableFuture.delayedExecutor(EVIDENCE_POLL.toMillis(), TimeUnit.MILLISECONDS, blocking);
            return CompletableFuture.supplyAsync(() -> run, later).thenCompose(again -> openLease(again, deadline));
          }
          return failure == null ? CompletableFuture.completedFuture(file) : CompletableFuture.<Path>failedFuture(cause);
        })
        .thenCompose(java.util.function.Function.identity());
  }

  @Override
  public CompletionStage<RunningProcess> start(LaunchSpec spec) {
    return openLease(spec.run(), System.nanoTime() + EVIDENCE_WAIT.toNanos())
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
