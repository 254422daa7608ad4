package io.agentfleet.agent.host;

import akka.actor.typed.ActorRef;
import io.agentfleet.agent.process.LaunchSpec;
import io.agentfleet.agent.process.ProcessLauncher;
import io.agentfleet.agent.process.ProcessTree;
import io.agentfleet.agent.process.RunningProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Processes that only exist in the test: each start is reported to {@code started}, each terminate to
 * {@code terminating}; a terminate completes when the test calls {@link FakeProcess#ends()} (or at
 * once, when {@code holdTerminations} is off).
 */
final class FakeLauncher implements ProcessLauncher {
  private static final AtomicLong pids = new AtomicLong(100_000);

  private final ActorRef<FakeProcess> started;
  private final ActorRef<FakeProcess> terminating;
  private final boolean holdTerminations;

  FakeLauncher(ActorRef<FakeProcess> started, ActorRef<FakeProcess> terminating, boolean holdTerminations) {
    this.started = started;
    this.terminating = terminating;
    this.holdTerminations = holdTerminations;
  }

  @Override
  public CompletionStage<RunningProcess> start(LaunchSpec spec) {
    FakeProcess process = new FakeProcess(pids.incrementAndGet(), spec);
    started.tell(process);
    return CompletableFuture.completedFuture(process);
  }

  @Override
  public CompletionStage<ProcessTree.Ending> terminate(RunningProcess process, Duration grace) {
    FakeProcess fake = (FakeProcess) process;
    terminating.tell(fake);
    if (!holdTerminations) {
      fake.ends();
    }
    return fake.terminated;
  }

  /** A process of the test: it exits when the test says so. */
  static final class FakeProcess implements RunningProcess {
    private final long pid;
    private final LaunchSpec spec;
    private final Instant startedAt = Instant.now();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    final CompletableFuture<ProcessTree.Ending> terminated = new CompletableFuture<>();

    FakeProcess(long pid, LaunchSpec spec) {
      this.pid = pid;
      this.spec = spec;
    }

    LaunchSpec spec() {
      return spec;
    }

    String prefix() {
      return spec.environment().get("AGENT_COMPONENT_PREFIX");
    }

    /** It exits by itself (a crash when {@code code} is not 0). */
    void exits(int code) {
      exit.complete(code);
    }

    /** A terminate in progress ends: the tree is gone. */
    void ends() {
      exit.complete(143);
      terminated.complete(ProcessTree.Ending.EXITED_ON_TERM);
    }

    /**
     * A terminate in progress ends, but the process's own exit is seen only later (its output was
     * still being drained): the test completes it with {@link #exits(int)}.
     */
    void treeEndsBeforeItsExitIsSeen() {
      terminated.complete(ProcessTree.Ending.EXITED_ON_TERM);
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public Instant startedAt() {
      return startedAt;
    }

    @Override
    public CompletionStage<Integer> exit() {
      return exit;
    }

    @Override
    public List<String> logTail(int n) {
      return List.of();
    }
  }
}
