package io.agentfleet.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.client.AgentProtocol.Killed;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.Spawned;
import io.agentfleet.location.model.Prefix;
import io.agentfleet.location.node.SeedNode;
import io.agentfleet.location.registry.ClusterLocationService;
import io.agentfleet.location.testkit.ComponentInstances;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.InProcessMember;
import io.agentfleet.location.testkit.InstanceCounter;
import io.agentfleet.location.testkit.MemberProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one promise under the faults that used to break it: a component runs on a primary agent, the
 * agent is SIGKILLed or frozen (SIGSTOP), and the component is relaunched through a backup agent as
 * soon as the registry lets it, while an instance counter samples every live process of the name
 * every 50 ms. The cluster: a registry node, the backup agent, this test's member, and the primary.
 */
class FencingIT {
  private static final Path AGENT_JAR = Path.of("target", "agent-akka-app.jar");
  private static final Path REGISTRY_JAR = Path.of("..", "location-service", "target", "location-service.jar");
  private static final String RUN_ID = ProcessHandle.current().pid() + "_" + System.currentTimeMillis();
  private static final int KILL_TRIALS = 10;
  private static final int FREEZE_TRIALS = 5;
  private static final Duration FREEZE = Duration.ofSeconds(20);

  private static MemberProcess registry;
  private static MemberProcess backup;
  private static InProcessMember member;
  private static ClusterLocationService locations;
  private static AgentClient backupClient;
  private static int seedPort;
  private static Path config;
  private static int trial;

  @BeforeAll
  static void start() throws IOException {
    Path logs = Files.createDirectories(Path.of("target", "it-logs", "components")).toAbsolutePath();
    config = Path.of("target", "fencing-it-agent.conf").toAbsolutePath();
    Files.writeString(config, "agent.logs.directory = \"" + logs + "\"\n"
        + "agent.components.quick = ${agent.components.sample} { registration-timeout = 20s, kill-grace = 1s }\n");
    seedPort = FreePorts.next();
    int registryHttp = FreePorts.next();
    registry = MemberProcess.start("fencing-registry", REGISTRY_JAR, registryHttp,
        List.of("--cluster-port", "" + seedPort, "--http-port", "" + registryHttp, "--new-cluster"));
    registry.awaitHealthy(1, Duration.ofSeconds(90));
    backup = startAgent("ESW.backup_" + RUN_ID);
    backup.awaitHealthy(2, Duration.ofSeconds(90));
    member = InProcessMember.joining(List.of(SeedNode.parse("127.0.0.1:" + seedPort)));
    locations = member.locations();
    backupClient = clientOf(Prefix.parse("ESW.backup_" + RUN_ID));
  }

  @AfterAll
  static void stop() {
    AgentCalls.closeAll(member, backup, registry);
  }

  @Test
  void aKilledAgentsComponentNeverRunsTwiceWhenItIsRelaunchedElsewhere() {
    List<Long> relaunchMillis = new ArrayList<>();
    for (int i = 0; i < KILL_TRIALS; i++) {
      relaunchMillis.add(faultThenRelaunch("SIGKILL", MemberProcess::kill, primary -> {}));
    }
    System.out.printf("fencing: agent SIGKILL -> relaunched on the backup, %d trials, ms: %s (median %d)%n",
        KILL_TRIALS, relaunchMillis, median(relaunchMillis));
  }

  @Test
  void aFrozenAgentsComponentNeverRunsTwiceAndTheThawedAgentGoes() {
    List<Long> relaunchMillis = new ArrayList<>();
    for (int i = 0; i < FREEZE_TRIALS; i++) {
      relaunchMillis.add(faultThenRelaunch("SIGSTOP", primary -> signal(primary, "STOP"), primary -> {
        signal(primary, "CONT");
        // Thawed, it finds the majority downed it: it says so and exits; nothing of it runs on.
        primary.awaitExit(Duration.ofSeconds(90));
        assertTrue(primary.output().contains("was downed by the cluster's majority"), primary.tail());
      }));
    }
    System.out.printf("fencing: agent SIGSTOP %d s -> relaunched on the backup, %d trials, ms: %s (median %d)%n",
        FREEZE.toSeconds(), FREEZE_TRIALS, relaunchMillis, median(relaunchMillis));
  }

  /**
   * One trial: a fresh primary agent spawns a fresh name; {@code fault} hits the primary; the backup
   * is asked to spawn the name until it answers Spawned; the instance counter must never have seen
   * two. {@code after} runs while the counter still watches (e.g. thawing a frozen agent).
   */
  private static long faultThenRelaunch(String fault, java.util.function.Consumer<MemberProcess> hit,
      java.util.function.Consumer<MemberProcess> after) {
    trial++;
    String primaryPrefix = "ESW.primary" + trial + "_" + RUN_ID;
    Prefix name = Prefix.parse("ESW.dup" + trial + "_" + RUN_ID);
    MemberProcess primary = startAgent(primaryPrefix);
    try (InstanceCounter counter = InstanceCounter.watching(name.toString())) {
      primary.awaitHealthy(4, Duration.ofSeconds(90));
      Spawned first = assertInstanceOf(Spawned.class, spawn(clientOf(Prefix.parse(primaryPrefix)), name));
      long firstPid = first.location().pid().orElseThrow();

      long faultAt = System.nanoTime();
      hit.accept(primary);
      Spawned relaunched = (Spawned) Eventually.awaitValue(name + " is spawned on the backup", Duration.ofSeconds(90),
          () -> spawn(backupClient, name), response -> response instanceof Spawned);
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultAt);
      assertFalse(ComponentInstances.isLive(firstPid), "the first instance is gone");
      assertTrue(relaunched.location().epoch().orElseThrow() > first.location().epoch().orElseThrow());
      if (fault.equals("SIGSTOP")) {
        holdUntil(faultAt + FREEZE.toNanos());
      }
      after.accept(primary);

      assertInstanceOf(Killed.class, await(backupClient.killComponent(relaunched.location())));
      System.out.printf("fencing: %s trial %d: relaunched after %d ms; %s%n", fault, trial, took, counter);
      assertEquals(List.of(), counter.doubles(), "samples that saw two live processes of " + name);
      assertTrue(counter.most() >= 1, "the counter saw the component at all");
      return took;
    } finally {
      primary.close();
    }
  }

  /** Keeps a fault going until {@code deadlineNanos} while the instance counter samples. */
  private static void holdUntil(long deadlineNanos) {
    while (System.nanoTime() < deadlineNanos) {
      LockSupport.parkNanos(Math.min(100_000_000L, deadlineNanos - System.nanoTime()));
    }
  }

  private static void signal(MemberProcess process, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static MemberProcess startAgent(String prefix) {
    int httpPort = FreePorts.next();
    return MemberProcess.start("fencing-agent-" + prefix, AGENT_JAR, httpPort, List.of("--prefix", prefix,
        "--cluster-port", "" + FreePorts.next(), "--registry-http-port", "" + httpPort, "--config", config.toString(),
        "--seeds", "127.0.0.1:" + seedPort));
  }

  private static AgentClient clientOf(Prefix prefix) {
    return AgentCalls.clientOf(member, prefix);
  }

  private static SpawnResponse spawn(AgentClient client, Prefix name) {
    return AgentCalls.spawn(client, "quick", name);
  }

  private static <T> T await(CompletionStage<T> stage) {
    return AgentCalls.await(stage);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
