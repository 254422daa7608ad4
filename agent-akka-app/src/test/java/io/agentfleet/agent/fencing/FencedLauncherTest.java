package io.agentfleet.agent.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.agent.process.LaunchSpec;
import io.agentfleet.agent.process.ProcessLauncher;
import io.agentfleet.agent.process.ProcessTree;
import io.agentfleet.agent.process.RunningProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FencedLauncherTest {
  private static final Duration LEASE = Duration.ofSeconds(2);

  /** Records what it was asked to start; starts nothing. */
  private static final class Recording implements ProcessLauncher {
    final List<LaunchSpec> started = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<RunningProcess> start(LaunchSpec spec) {
      started.add(spec);
      return CompletableFuture.completedFuture(new RunningProcess() {
        public long pid() {
          return 1;
        }

        public Instant startedAt() {
          return Instant.now();
        }

        public CompletionStage<Integer> exit() {
          return new CompletableFuture<>();
        }

        public List<String> logTail(int n) {
          return List.of();
        }
      });
    }

    @Override
    public CompletionStage<ProcessTree.Ending> terminate(RunningProcess process, Duration grace) {
      return CompletableFuture.completedFuture(ProcessTree.Ending.ALREADY_GONE);
    }
  }

  @Test
  void aStartWaitsForFreshEvidenceRatherThanFail(@TempDir Path dir) throws Exception {
    // An agent that has just joined: the registry members vouch for it only after a few looks.
    AtomicLong looks = new AtomicLong();
    ExecutorService blocking = Executors.newFixedThreadPool(2);
    Recording processes = new Recording();
    try (ComponentLeases leases = new ComponentLeases(dir, LEASE, Duration.ofMillis(100),
        () -> looks.incrementAndGet() < 10 ? ComponentLeases.NO_EVIDENCE : System.nanoTime())) {
      FencedLauncher launcher = new FencedLauncher(processes, leases, dir.resolve("watchdog.jar"), LEASE, blocking);
      RunningProcess process = launcher.start(new LaunchSpec("ESW.a-Service-http-1", List.of("java", "Main"), Map.of(),
          dir.resolve("a.log"), 1 << 20, 2)).toCompletableFuture().get(20, TimeUnit.SECONDS);
      assertEquals(1, process.pid());
      assertEquals(1, processes.started.size());
      assertTrue(looks.get() >= 10, "started only once there was evidence");
      assertTrue(Files.exists(dir.resolve("ESW.a-Service-http-1.lease")));
    } finally {
      blocking.shutdownNow();
    }
  }
}
