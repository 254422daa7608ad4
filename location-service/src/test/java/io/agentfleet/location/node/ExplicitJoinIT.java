package io.agentfleet.location.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.MemberProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A registry node started from the executable jar joins a cluster only when told how. */
class ExplicitJoinIT {
  private static final Path JAR = Path.of("target", "location-service.jar");

  @Test
  void aNodeWithNeitherSeedsNorNewClusterExitsWithUsage() {
    int httpPort = FreePorts.next();
    try (MemberProcess node = MemberProcess.start("no-join-choice", JAR, httpPort,
        List.of("--cluster-port", "" + FreePorts.next(), "--http-port", "" + httpPort))) {
      assertEquals(2, node.awaitExit(Duration.ofSeconds(60)), node.output());
      assertTrue(node.output().contains("add --seeds HOST:PORT,... (cluster ports of running members) to join"), node.output());
      assertTrue(node.output().contains("or --new-cluster to found a new one"), node.output());
      assertNoStackTrace(node.output());
    }
  }

  @Test
  void aNodeWhoseSeedsDoNotAnswerExitsAfterTheJoinTimeout() {
    int httpPort = FreePorts.next();
    String seed = "127.0.0.1:" + FreePorts.next();
    long started = System.nanoTime();
    try (MemberProcess node = MemberProcess.start("unreachable-seed", JAR, httpPort, List.of("-Dlocation-service.join-timeout=3s"),
        List.of("--cluster-port", "" + FreePorts.next(), "--http-port", "" + httpPort, "--seeds", seed))) {
      assertEquals(1, node.awaitExit(Duration.ofSeconds(90)), node.output());
      Duration lived = Duration.ofNanos(System.nanoTime() - started);
      assertTrue(lived.compareTo(Duration.ofSeconds(3)) >= 0, "exited after " + lived.toMillis() + " ms, before the join timeout");
      assertTrue(node.output().contains("location service: cannot start: could not join the cluster through the seeds " + seed + " within 3 s"),
          node.output());
      assertNoStackTrace(node.output());
    }
  }

  @Test
  void aNodeWhoseFencingSettingsCouldLapseHealthyLeasesRefusesToStart() {
    int httpPort = FreePorts.next();
    try (MemberProcess node = MemberProcess.start("unsafe-fence", JAR, httpPort, List.of("-Dlocation-service.fencing.renew-interval=1s"),
        List.of("--cluster-port", "" + FreePorts.next(), "--http-port", "" + httpPort, "--new-cluster"))) {
      assertEquals(1, node.awaitExit(Duration.ofSeconds(60)), node.output());
      assertTrue(node.output().contains("cannot start: unsafe fencing settings"), node.output());
      assertTrue(node.output().contains("location-service.fencing.renew-interval"), node.output());
      assertNoStackTrace(node.output());
    }
  }

  @Test
  void aNodeWithNeitherMemberTlsNorPlainTcpExitsWithUsage() {
    int httpPort = FreePorts.next();
    // Blank stores win over the test certificates every member gets: as if none were configured.
    try (MemberProcess node = MemberProcess.start("no-transport-choice", JAR, httpPort,
        List.of("-D" + MemberTransport.KEY_STORE + "=", "-D" + MemberTransport.TRUST_STORE + "="),
        List.of("--cluster-port", "" + FreePorts.next(), "--http-port", "" + httpPort, "--new-cluster"))) {
      assertEquals(2, node.awaitExit(Duration.ofSeconds(60)), node.output());
      assertTrue(node.output().contains("No member TLS configured: give --tls-key-store, --tls-trust-store and --tls-password-file"),
          node.output());
      assertTrue(node.output().contains("or --insecure-plain-tcp"), node.output());
      assertNoStackTrace(node.output());
    }
  }

  @Test
  void aNodeWhoseKeyStoreIsMissingNamesItAndRefusesToStart() {
    int httpPort = FreePorts.next();
    try (MemberProcess node = MemberProcess.start("missing-key-store", JAR, httpPort,
        List.of("--cluster-port", "" + FreePorts.next(), "--http-port", "" + httpPort, "--new-cluster",
            "--tls-key-store", "target/no-such-member.p12"))) {
      assertEquals(1, node.awaitExit(Duration.ofSeconds(60)), node.output());
      assertTrue(node.output().contains("location service: cannot start: member TLS key store target/no-such-member.p12 is not a readable file"),
          node.output());
      assertNoStackTrace(node.output());
    }
  }

  private static void assertNoStackTrace(String output) {
    assertFalse(output.contains("\tat "), output);
    assertFalse(output.lines().anyMatch(line -> line.startsWith("Exception in thread")), output);
  }
}
