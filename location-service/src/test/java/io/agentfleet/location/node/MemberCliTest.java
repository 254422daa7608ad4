package io.agentfleet.location.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.agentfleet.location.node.tls.LocalPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MemberCliTest {
  private static final String KEY = "java.util.concurrent.ForkJoinPool.common.parallelism";
  private String before;

  @BeforeEach
  void remember() {
    before = System.getProperty(KEY);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(KEY);
    } else {
      System.setProperty(KEY, before);
    }
  }

  @Test
  void aStartFailureIsToldByItsMessageOrElseByItsKind() {
    assertEquals("port 3552 is in use", MemberCli.reason(new IllegalStateException("port 3552 is in use")));
    assertEquals("java.lang.StackOverflowError", MemberCli.reason(new StackOverflowError()));
  }

  @Test
  void asyncCallbacksGetAPoolOfAtLeastTwoThreads() {
    System.clearProperty(KEY);
    MemberCli.useAPoolForAsyncCallbacks();
    int parallelism = Integer.parseInt(System.getProperty(KEY));
    assertTrue(parallelism >= 2, "parallelism " + parallelism);
    assertEquals(Math.max(2, Runtime.getRuntime().availableProcessors() - 1), parallelism);
  }

  @Test
  void anOperatorsOwnValueIsKept() {
    System.setProperty(KEY, "7");
    MemberCli.useAPoolForAsyncCallbacks();
    assertEquals("7", System.getProperty(KEY));
  }

  /** A fleet app reduced to its member options; it counts its runs. */
  @CommandLine.Command(name = "member", mixinStandardHelpOptions = true)
  static final class Member implements Callable<Integer> {
    @CommandLine.Mixin ClusterMemberOptions member;
    int runs;

    @Override
    public Integer call() {
      runs++;
      return 0;
    }
  }

  private record Run(int exit, int runs, String err) {}

  private static Run run(String... args) {
    Member member = new Member();
    CommandLine commandLine = MemberCli.commandLine(member);
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));
    commandLine.setOut(new PrintWriter(new StringWriter()));
    int exit = commandLine.execute(args);
    return new Run(exit, member.runs, err.toString());
  }

  @Test
  void aMemberThatNamesNeitherSeedsNorNewClusterIsAUsageError() {
    Run run = run("--cluster-port", "3552");
    assertEquals(2, run.exit());
    assertEquals(0, run.runs());
    String firstLine = run.err().lines().findFirst().orElse("");
    assertTrue(firstLine.contains("add --seeds HOST:PORT") && firstLine.contains("or --new-cluster"), run.err());
  }

  @Test
  void seedsAndNewClusterTogetherAreAUsageError() {
    Run run = run("--seeds", "127.0.0.1:3552", "--new-cluster");
    assertEquals(2, run.exit());
    assertEquals(0, run.runs());
    assertTrue(run.err().contains("--seeds and --new-cluster exclude each other"), run.err());
  }

  // The tests about seeds run with plain TCP on purpose: the transport has tests of its own below.
  @Test
  void seedsOrNewClusterLetTheMemberStart() {
    assertEquals(new Run(0, 1, ""), run("--seeds", "127.0.0.1:3552,127.0.0.1:3553", "--insecure-plain-tcp"));
    assertEquals(new Run(0, 1, ""), run("--new-cluster", "--insecure-plain-tcp"));
  }

  @Test
  void helpNeedsNeither() {
    Run run = run("--help");
    assertEquals(0, run.exit());
    assertEquals(0, run.runs());
  }

  private static ClusterMemberOptions parsed(String... args) {
    Member member = new Member();
    new CommandLine(member).parseArgs(args);
    return member.member;
  }

  @Test
  void thisMemberIsNeverOneOfItsOwnSeeds() {
    // Akka would let a member that is the first of its own seeds found a cluster when no other answers.
    Config config = parsed("--cluster-port", "3553", "--seeds", "127.0.0.1:3553,127.0.0.1:3552", "--insecure-plain-tcp")
        .config(3560, Map.of());
    assertEquals(List.of("akka://fleet@127.0.0.1:3552"), config.getStringList("akka.cluster.seed-nodes"));
  }

  @Test
  void seedsNamingOnlyThisMemberAreRefused() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> parsed("--seeds", "127.0.0.1:3560", "--insecure-plain-tcp").config(3560, Map.of()));
    assertTrue(refused.getMessage().contains("--new-cluster"), refused.getMessage());
    assertFalse(refused.getMessage().isBlank());
  }

  @Test
  void aMemberWithoutTlsOrPlainTcpIsAUsageError() {
    Run run = run("--new-cluster");
    assertEquals(2, run.exit());
    assertEquals(0, run.runs());
    assertTrue(run.err().contains("No member TLS configured") && run.err().contains("--insecure-plain-tcp"), run.err());
  }

  @Test
  void tlsFlagsLetTheMemberStart(@TempDir Path dir) throws Exception {
    Path store = Files.writeString(dir.resolve("store.p12"), "x");
    assertEquals(
        new Run(0, 1, ""),
        run("--new-cluster", "--tls-key-store", store.toString(), "--tls-trust-store", store.toString()));
  }

  @Test
  void tlsFlagsBecomeTheMembersTransport(@TempDir Path dir) throws Exception {
    LocalPki.Stores pki = LocalPki.ensure(dir);
    Path key = pki.keyStore();
    Path trust = pki.trustStore();
    Config config = parsed("--new-cluster", "--tls-key-store", key.toString(), "--tls-trust-store", trust.toString(),
        "--tls-password-file", pki.passwordFile().toString()).config(3560, Map.of());
    assertEquals("tls-tcp", config.getString("akka.remote.artery.transport"));
    assertEquals(key.toAbsolutePath().toString(), config.getString("akka.remote.artery.ssl.config-ssl-engine.key-store"));
    assertEquals(trust.toAbsolutePath().toString(), config.getString("akka.remote.artery.ssl.config-ssl-engine.trust-store"));
    assertEquals(Files.readAllLines(pki.passwordFile()).get(0), config.getString("akka.remote.artery.ssl.config-ssl-engine.trust-store-password"));
  }
}
