package io.agentfleet.agent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.MemberProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An agent started from the executable jar joins a cluster only when told how, and gives up clearly. */
class AgentJoinIT {
  private static final Path JAR = Path.of("target", "agent-akka-app.jar");

  private static List<String> args(int httpPort, String... more) {
    List<String> args = new ArrayList<>(List.of("--prefix", "ESW.joining", "--cluster-port", "" + FreePorts.next(),
        "--registry-http-port", "" + httpPort));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void anAgentWithNeitherSeedsNorNewClusterExitsWithUsage() {
    int httpPort = FreePorts.next();
    try (MemberProcess agent = MemberProcess.start("agent-no-join-choice", JAR, httpPort, args(httpPort))) {
      assertEquals(2, agent.awaitExit(Duration.ofSeconds(60)), agent.output());
      assertTrue(agent.output().contains("add --seeds HOST:PORT,... (cluster ports of running members) to join"), agent.output());
      assertTrue(agent.output().contains("or --new-cluster to found a new one"), agent.output());
      assertFalse(agent.output().contains("\tat "), agent.output());
    }
  }

  @Test
  void anAgentWhoseSeedsDoNotAnswerExitsAfterTheJoinTimeout() {
    int httpPort = FreePorts.next();
    String seed = "127.0.0.1:" + FreePorts.next();
    long started = System.nanoTime();
    try (MemberProcess agent = MemberProcess.start("agent-unreachable-seed", JAR, httpPort, List.of("-Dagent.join-timeout=3s"),
        args(httpPort, "--seeds", seed))) {
      assertEquals(1, agent.awaitExit(Duration.ofSeconds(90)), agent.output());
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(3)) >= 0, "exited before the join timeout");
      assertTrue(agent.output().contains("agent: cannot start: could not join the cluster through the seeds " + seed + " within 3 s"),
          agent.output());
      assertFalse(agent.output().contains("\tat "), agent.output());
    }
  }
}
