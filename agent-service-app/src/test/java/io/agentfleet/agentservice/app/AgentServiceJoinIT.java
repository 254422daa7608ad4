package io.agentfleet.agentservice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.MemberProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Agent Service started from the executable jar joins a cluster only when told how, and gives up clearly. */
class AgentServiceJoinIT {
  private static final Path JAR = Path.of("target", "agent-service-app.jar");

  @Test
  void aServiceWithNeitherSeedsNorNewClusterExitsWithUsage() {
    int port = FreePorts.next();
    try (MemberProcess service = MemberProcess.start("service-no-join-choice", JAR, port,
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next()))) {
      assertEquals(2, service.awaitExit(Duration.ofSeconds(60)), service.output());
      assertTrue(service.output().contains("add --seeds HOST:PORT,... (cluster ports of running members) to join"), service.output());
      assertTrue(service.output().contains("or --new-cluster to found a new one"), service.output());
      assertFalse(service.output().contains("\tat "), service.output());
    }
  }

  @Test
  void aServiceWhoseSeedsDoNotAnswerExitsAfterTheJoinTimeout() {
    int port = FreePorts.next();
    String seed = "127.0.0.1:" + FreePorts.next();
    long started = System.nanoTime();
    try (MemberProcess service = MemberProcess.start("service-unreachable-seed", JAR, port,
        List.of("-Dagent-service.join-timeout=3s", "-Dagent-service.auth.disabled=true"),
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next(), "--seeds", seed))) {
      assertEquals(1, service.awaitExit(Duration.ofSeconds(90)), service.output());
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(3)) >= 0, "exited before the join timeout");
      assertTrue(service.output().contains("agent-service: cannot start: could not join the cluster through the seeds " + seed + " within 3 s"),
          service.output());
      assertFalse(service.output().contains("\tat "), service.output());
    }
  }
}
