package io.agentfleet.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.client.AgentProtocol.AgentStatus;
import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agent.client.AgentProtocol.ComponentStatus;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.Killed;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.Spawned;
import io.agentfleet.location.api.RegistrationResult.Reserved;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import io.agentfleet.location.node.SeedNode;
import io.agentfleet.location.registry.ClusterLocationService;
import io.agentfleet.location.testkit.ComponentInstances;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.InProcessMember;
import io.agentfleet.location.testkit.MemberProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two agents in JVMs of their own, started from the executable jar, spawning and killing real
 * sample-component processes; the test talks to them as a third cluster member, through AgentClient.
 */
class AgentIT {
  private static final Path JAR = Path.of("target", "agent-akka-app.jar");
  private static final String SAMPLE_MAIN = "io.agentfleet.agent.sample.SampleComponent";
  private static final AtomicInteger names = new AtomicInteger();
  // This run, as a JVM option of every component it spawns: cleanup and process counts touch only
  // this run's components, never those of another run on the same host (another checkout).
  private static final String RUN_ID = ProcessHandle.current().pid() + "_" + System.currentTimeMillis();
  private static final String RUN_MARKER = "-Dagent-it.run=" + RUN_ID;

  private static MemberProcess agent1;
  private static MemberProcess agent2;
  private static InProcessMember member;
  private static ClusterLocationService locations;
  private static AgentClient client1;
  private static AgentClient client2;
  private static int seedPort;
  private static Path config;

  @BeforeAll
  static void start() throws IOException {
    Path logs = Files.createDirectories(Path.of("target", "it-logs", "components")).toAbsolutePath();
    config = Path.of("target", "it-agent.conf").toAbsolutePath();
    // "quick": the sample with short deadlines, so the timeout and grace paths run in seconds.
    Files.writeString(
        config,
        "agent.logs.directory = \"" + logs + "\"\n"
            + "agent.components.sample.jvm-options = [\"-Xmx64m\", \"-XX:+UseSerialGC\", \"-XX:TieredStopAtLevel=1\", \"" + RUN_MARKER + "\"]\n"
            + "agent.components.quick = ${agent.components.sample} { registration-timeout = 4s, kill-grace = 1s }\n"
            + "agent.max-concurrent-starts = 2\n"
            // "crashy": relaunched after a failure, twice in a row at most, quickly.
            + "agent.components.crashy = ${agent.components.quick} { registration-timeout = 10s,"
            + " restart { policy = on-failure, max-restarts = 2, backoff = 200ms, max-backoff = 400ms } }\n");
    seedPort = FreePorts.next();
    agent1 = startAgent("ESW.machine1", seedPort, List.of("--new-cluster"));
    agent1.awaitHealthy(1, Duration.ofSeconds(90));
    agent2 = startAgent("ESW.machine2", FreePorts.next(), List.of("--seeds", "127.0.0.1:" + seedPort));
    agent2.awaitHealthy(2, Duration.ofSeconds(90));
    member = InProcessMember.joining(List.of(SeedNode.parse("127.0.0.1:" + seedPort)));
    locations = member.locations();
    client1 = clientOf(Prefix.parse("ESW.machine1"));
    client2 = clientOf(Prefix.parse("ESW.machine2"));
  }

  /**
   * Every test leaves the cluster as the suite built it, so the order of tests does not matter: a
   * test that started, crashed or stopped an extra member waits here until that member is removed,
   * the three others are up and reachable, and the registry answers again.
   */
  @AfterEach
  void theClusterIsAsBuilt() {
    awaitTheClusterAsBuilt();
  }

  private static void awaitTheClusterAsBuilt() {
    Cluster cluster = Cluster.get(member.system());
    Eventually.await("the cluster is back to its 3 members, all up, reachable and converged", Duration.ofSeconds(60), () -> {
      ClusterEvent.CurrentClusterState state = cluster.state();
      List<Member> members = new ArrayList<>();
      state.getMembers().forEach(members::add);
      return members.size() == 3
          && members.stream().allMatch(m -> m.status().equals(MemberStatus.up()))
          && state.getUnreachable().isEmpty()
          && state.getSeenBy().size() == 3;
    });
    // The shards a removed member hosted are homed again on first use: a write answers, not
    // RegistryUnavailable, once that works. Several names, so several shards are tried.
    for (int i = 0; i < 5; i++) {
      Connection probe = serviceConnection(Prefix.parse("ESW.probe" + names.incrementAndGet()));
      Eventually.awaitValue("the registry takes a reservation of " + probe, Duration.ofSeconds(60),
          () -> await(locations.reserve(probe, Duration.ofSeconds(5))), result -> result instanceof Reserved);
      await(locations.unregister(probe));
    }
  }

  @AfterAll
  static void stop() {
    try {
      AgentCalls.closeAll(member, agent1, agent2);
    } finally {
      // Whatever an agent left behind must not outlive the test.
      sampleProcesses().forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static MemberProcess startAgent(String prefix, int clusterPort, List<String> extra) {
    int httpPort = FreePorts.next();
    List<String> args = new ArrayList<>(List.of("--prefix", prefix, "--cluster-port", "" + clusterPort, "--registry-http-port", "" + httpPort, "--config", config.toString()));
    args.addAll(extra);
    return MemberProcess.start("agent-" + prefix, JAR, httpPort, args);
  }

  private static AgentClient clientOf(Prefix prefix) {
    return AgentCalls.clientOf(member, prefix);
  }

  private static <T> T await(CompletionStage<T> stage) {
    return AgentCalls.await(stage);
  }

  private static Prefix fresh() {
    return Prefix.parse("ESW.comp" + names.incrementAndGet());
  }

  private static SpawnResponse spawn(AgentClient client, String kind, Prefix prefix, String... args) {
    return AgentCalls.spawn(client, kind, prefix, args);
  }

  /** The sample components this run started (another run's are not ours to count or kill). */
  private static List<ProcessHandle> sampleProcesses() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(SAMPLE_MAIN) && c.contains(RUN_MARKER)).orElse(false))
        .toList();
  }

  private static boolean alive(long pid) {
    return ComponentInstances.isLive(pid);
  }

  @Test
  void spawnAnswersWithTheSpawnedPidAndKillEndsIt() {
    Prefix prefix = fresh();
    Spawned spawned = assertInstanceOf(Spawned.class, spawn(client1, "sample", prefix));
    long pid = spawned.location().pid().orElseThrow();
    assertTrue(alive(pid), "the process in the location runs");
    assertEquals(Optional.of("ESW.machine1"), spawned.location().metadataValue(Location.AGENT_PREFIX));
    // This member's replica gets the registration by replication: poll for it.
    Eventually.await("the registration reaches this member", Duration.ofSeconds(5),
        () -> await(locations.find(spawned.location().connection())).equals(Optional.of(spawned.location())));
    AgentStatus status = await(client1.status());
    assertTrue(status.components().stream().anyMatch(c -> c.connection().equals(spawned.location().connection()) && c.pid() == pid));

    assertInstanceOf(Killed.class, await(client1.killComponent(spawned.location())));
    assertFalse(alive(pid), "killed process is gone");
    Eventually.await("the location is removed", Duration.ofSeconds(5), () -> await(locations.find(spawned.location().connection())).isEmpty());
    assertInstanceOf(Killed.class, await(client1.killComponent(spawned.location())), "killing what is gone is Killed");
  }

  @Test
  void spawningARegisteredNameAgainIsAlreadyRegistered() {
    Prefix prefix = fresh();
    Spawned spawned = assertInstanceOf(Spawned.class, spawn(client1, "sample", prefix));
    Failed again = assertInstanceOf(Failed.class, spawn(client1, "sample", prefix));
    assertEquals(FailureReason.AlreadyRegistered, again.reason());
    Failed elsewhere = assertInstanceOf(Failed.class, spawn(client2, "sample", prefix));
    assertEquals(FailureReason.AlreadyRegistered, elsewhere.reason(), elsewhere.message());
    await(client1.killComponent(spawned.location()));
  }

  @Test
  void theSameNameSpawnedOnTwoAgentsAtOnceRunsOnce() {
    Prefix prefix = fresh();
    CompletableFuture<SpawnResponse> on1 = client1.spawnComponent("sample", prefix, Optional.of(ComponentType.Service), List.of()).toCompletableFuture();
    CompletableFuture<SpawnResponse> on2 = client2.spawnComponent("sample", prefix, Optional.of(ComponentType.Service), List.of()).toCompletableFuture();
    List<SpawnResponse> answers = List.of(await(on1), await(on2));
    List<Spawned> winners = answers.stream().filter(Spawned.class::isInstance).map(Spawned.class::cast).toList();
    assertEquals(1, winners.size(), answers.toString());
    Failed loser = answers.stream().filter(Failed.class::isInstance).map(Failed.class::cast).findFirst().orElseThrow();
    assertTrue(List.of(FailureReason.AlreadyReserved, FailureReason.AlreadyRegistered).contains(loser.reason()), loser.toString());
    Connection connection = winners.get(0).location().connection();
    long running = sampleProcesses().stream()
        .filter(p -> p.parent().map(parent -> parent.pid() == agent1.pid() || parent.pid() == agent2.pid()).orElse(false))
        .filter(p -> p.pid() == winners.get(0).location().pid().orElseThrow())
        .count();
    assertEquals(1, running);
    int listed = 0;
    for (AgentClient client : List.of(client1, client2)) {
      listed += (int) await(client.status()).components().stream().filter(c -> c.connection().equals(connection)).count();
    }
    assertEquals(1, listed, "exactly one agent runs it");
    AgentClient owner = winners.get(0).location().metadataValue(Location.AGENT_PREFIX).orElseThrow().equals("ESW.machine1") ? client1 : client2;
    await(owner.killComponent(winners.get(0).location()));
  }

  @Test
  void aProcessThatExitsEarlyFailsWithItsExitCodeAndLog() {
    Failed failed = assertInstanceOf(Failed.class, spawn(client1, "sample", fresh(), "--exit-code", "3", "--log-lines", "5"));
    assertEquals(FailureReason.ProcessExited, failed.reason());
    assertEquals(Optional.of(3), failed.exitCode());
    assertTrue(failed.logTail().stream().anyMatch(line -> line.contains("exiting with 3")), failed.logTail().toString());
  }

  @Test
  void aProcessThatDoesNotRegisterInTimeIsKilled() {
    Prefix prefix = fresh();
    Failed failed = assertInstanceOf(Failed.class, spawn(client1, "quick", prefix, "--start-delay", "60s"));
    assertEquals(FailureReason.RegistrationTimeout, failed.reason());
    assertTrue(failed.logTail().stream().anyMatch(line -> line.contains("waiting")), failed.logTail().toString());
    assertTrue(await(client1.status()).components().isEmpty() || await(client1.status()).components().stream().noneMatch(c -> c.connection().prefix().equals(prefix)));
    assertTrue(sampleProcesses().stream().noneMatch(p -> p.info().commandLine().orElse("").contains("60s")), "the slow process is dead");
    // The reservation was released: the name can be spawned at once.
    Spawned spawned = assertInstanceOf(Spawned.class, spawn(client1, "sample", prefix));
    await(client1.killComponent(spawned.location()));
  }

  @Test
  void aComponentIgnoringSigtermIsKilledAfterTheGraceAndTheCallerGetsKilled() {
    Spawned spawned = assertInstanceOf(Spawned.class, spawn(client1, "quick", fresh(), "--ignore-sigterm"));
    long pid = spawned.location().pid().orElseThrow();
    long start = System.nanoTime();
    assertInstanceOf(Killed.class, await(client1.killComponent(spawned.location())));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 1000, "waited the grace before SIGKILL");
    assertFalse(alive(pid));
  }

  @Test
  void aChildForkedByAComponentDiesWithIt() {
    Spawned spawned = assertInstanceOf(Spawned.class, spawn(client1, "quick", fresh(), "--fork-child"));
    long pid = spawned.location().pid().orElseThrow();
    List<Long> children =
        Eventually.awaitValue("the child is forked", Duration.ofSeconds(10),
            () -> ProcessHandle.of(pid).orElseThrow().children().map(ProcessHandle::pid).toList(), c -> !c.isEmpty());
    assertInstanceOf(Killed.class, await(client1.killComponent(spawned.location())));
    Eventually.await("the forked child is gone", Duration.ofSeconds(5), () -> children.stream().noneMatch(AgentIT::alive));
  }

  @Test
  void anUnexpectedExitRemovesTheLocationWithinOneSecond() {
    Spawned spawned = assertInstanceOf(Spawned.class, spawn(client1, "sample", fresh()));
    Eventually.await("the registration reaches this member", Duration.ofSeconds(5),
        () -> await(locations.find(spawned.location().connection())).isPresent());
    ProcessHandle.of(spawned.location().pid().orElseThrow()).orElseThrow().destroyForcibly();
    Eventually.await("the location is removed", Duration.ofSeconds(1),
        () -> await(locations.find(spawned.location().connection())).isEmpty());
    Eventually.await("the agent forgets it", Duration.ofSeconds(5),
        () -> await(client1.status()).components().stream().noneMatch(c -> c.connection().equals(spawned.location().connection())));
  }

  @Test
  void aBurstOfSpawnsStartsAtMostTheConfiguredNumberAtOnce() {
    List<Prefix> prefixes = List.of(fresh(), fresh(), fresh(), fresh());
    List<CompletableFuture<SpawnResponse>> spawns = prefixes.stream()
        .map(p -> client1.spawnComponent("sample", p, Optional.of(ComponentType.Service), List.of("--start-delay", "1s")).toCompletableFuture())
        .toList();
    int mostStarting = 0;
    int mostListed = 0;
    while (!spawns.stream().allMatch(CompletableFuture::isDone)) {
      List<ComponentStatus> ours = await(client1.status()).components().stream().filter(c -> prefixes.contains(c.connection().prefix())).toList();
      mostStarting = Math.max(mostStarting, (int) ours.stream().filter(c -> c.state() == ComponentState.Starting).count());
      mostListed = Math.max(mostListed, ours.size());
    }
    assertTrue(mostStarting <= 2, "at most 2 starting at once, saw " + mostStarting);
    assertEquals(4, mostListed, "the spawns waiting for a slot are listed (as Queued) too");
    for (CompletableFuture<SpawnResponse> spawn : spawns) {
      Spawned spawned = assertInstanceOf(Spawned.class, await(spawn));
      await(client1.killComponent(spawned.location()));
    }
  }

  @Test
  void unknownKindIsRefusedAndNothingStarts() {
    Failed failed = assertInstanceOf(Failed.class, spawn(client1, "rm -rf /", fresh()));
    assertEquals(FailureReason.UnknownKind, failed.reason());
    assertTrue(failed.message().contains("sample"), failed.message());
  }

  @Test
  void killingAComponentOfAnotherAgentIsRefused() {
    Spawned spawned = assertInstanceOf(Spawned.class, spawn(client1, "sample", fresh()));
    Failed refused = assertInstanceOf(Failed.class, await(client2.killComponent(spawned.location())));
    assertEquals(FailureReason.NotOnThisHost, refused.reason());
    assertTrue(alive(spawned.location().pid().orElseThrow()));
    await(client1.killComponent(spawned.location()));
  }

  @Test
  void anAgentWhosePrefixIsTakenRefusesToStart() {
    MemberProcess duplicate = startAgent("ESW.machine1", FreePorts.next(), List.of("--seeds", "127.0.0.1:" + seedPort));
    try {
      assertEquals(1, duplicate.awaitExit(Duration.ofSeconds(90)));
      assertTrue(duplicate.output().contains("ESW.machine1 is already taken"), duplicate.tail());
    } finally {
      duplicate.close();
    }
  }

  @Test
  void aCrashedComponentIsRelaunchedUnderItsNameAndAKillEndsItForGood() {
    Prefix prefix = fresh();
    Spawned first = assertInstanceOf(Spawned.class, spawn(client1, "crashy", prefix));
    Connection connection = first.location().connection();
    long firstPid = first.location().pid().orElseThrow();
    long firstEpoch = first.location().epoch().orElseThrow();
    ProcessHandle.of(firstPid).orElseThrow().destroyForcibly(); // a crash the agent did not ask for

    Location relaunched = Eventually.awaitValue("the component is registered again", Duration.ofSeconds(30),
        () -> await(locations.find(connection)), found -> found.map(l -> l.pid().orElse(-1L) != firstPid).orElse(false)).orElseThrow();
    long pid = relaunched.pid().orElseThrow();
    assertTrue(relaunched.epoch().orElseThrow() > firstEpoch, "a fresh reservation: " + relaunched);
    assertTrue(alive(pid), "the relaunched process runs");
    assertFalse(alive(firstPid));
    Eventually.await("the agent lists it as running", Duration.ofSeconds(5),
        () -> await(client1.status()).components().stream().anyMatch(c -> c.connection().equals(connection) && c.state() == ComponentState.Running && c.pid() == pid));

    assertInstanceOf(Killed.class, await(client1.killComponent(relaunched)));
    assertFalse(alive(pid));
    assertTrue(await(client1.status()).components().stream().noneMatch(c -> c.connection().equals(connection)),
        "a kill through the agent is never followed by a relaunch");
  }

  /** The epochs with which a name was registered, as this member's tracking feed saw them. */
  private static final class EpochsSeen implements AutoCloseable {
    final java.util.Set<Long> epochs = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final io.agentfleet.location.api.TrackingSubscription tracking;

    EpochsSeen(Connection connection) {
      tracking = locations.track(connection, event -> {
        if (event instanceof io.agentfleet.location.api.TrackingEvent.LocationUpdated updated) {
          updated.location().epoch().ifPresent(epochs::add);
        }
      });
    }

    @Override
    public void close() {
      tracking.close();
    }
  }

  private static Connection serviceConnection(Prefix prefix) {
    return new Connection(prefix, ComponentType.Service, io.agentfleet.location.model.ConnectionType.HTTP);
  }

  @Test
  void aComponentThatKeepsFailingIsRelaunchedMaxRestartsTimesThenStaysDown() {
    Connection connection = serviceConnection(fresh());
    try (EpochsSeen seen = new EpochsSeen(connection)) {
      // Registers, then exits with 3 after half a second: every incarnation fails the same way.
      assertInstanceOf(Spawned.class,
          spawn(client1, "crashy", connection.prefix(), "--exit-code", "3", "--exit-after-registering", "--exit-after", "500ms"));
      Eventually.await("it was relaunched twice", Duration.ofSeconds(30), () -> seen.epochs.size() >= 3);
      Eventually.await("the agent gives up and forgets it", Duration.ofSeconds(30),
          () -> await(client1.status()).components().stream().noneMatch(c -> c.connection().equals(connection)));
      assertEquals(3, seen.epochs.size(), "the first run and two relaunches: " + seen.epochs);
      Eventually.await("its location is gone", Duration.ofSeconds(5), () -> await(locations.find(connection)).isEmpty());
    }
  }

  @Test
  void aCleanExitIsNotRelaunched() {
    Connection connection = serviceConnection(fresh());
    try (EpochsSeen seen = new EpochsSeen(connection)) {
      assertInstanceOf(Spawned.class,
          spawn(client1, "crashy", connection.prefix(), "--exit-code", "0", "--exit-after-registering", "--exit-after", "300ms"));
      // A relaunch would be listed (Restarting, then Starting/Running) until the policy gave up.
      Eventually.await("the agent forgets it", Duration.ofSeconds(10),
          () -> await(client1.status()).components().stream().noneMatch(c -> c.connection().equals(connection)));
      assertEquals(1, seen.epochs.size(), "registered once only: " + seen.epochs);
    }
  }

  @Test
  void anAgentThatIsStoppedStopsItsComponentsBeforeItLeaves() {
    MemberProcess agent3 = startAgent("ESW.machine3", FreePorts.next(), List.of("--seeds", "127.0.0.1:" + seedPort));
    try {
      agent3.awaitHealthy(4, Duration.ofSeconds(90));
      AgentClient client3 = clientOf(Prefix.parse("ESW.machine3"));
      Spawned plain = assertInstanceOf(Spawned.class, spawn(client3, "quick", fresh()));
      Spawned stubborn = assertInstanceOf(Spawned.class, spawn(client3, "quick", fresh(), "--ignore-sigterm"));
      List<Location> spawned = List.of(plain.location(), stubborn.location());

      agent3.terminate(); // SIGTERM, as systemd or an operator stops it
      agent3.awaitExit(Duration.ofSeconds(60));

      for (Location location : spawned) {
        assertFalse(alive(location.pid().orElseThrow()), location.connection() + " still runs after its agent exited");
      }
      Eventually.await("their locations are gone", Duration.ofSeconds(10),
          () -> spawned.stream().allMatch(location -> await(locations.find(location.connection())).isEmpty()));
    } finally {
      agent3.close();
    }
  }

  @Test
  void aSequenceComponentRunsTheRequestedVersionOrItsKindsDefault() {
    for (Optional<String> version : List.of(Optional.of("2.0.1"), Optional.<String>empty())) {
      String name = "seq" + names.incrementAndGet();
      Spawned spawned = assertInstanceOf(Spawned.class, await(client1.spawnSequenceComponent(name, version, false)));
      assertEquals(Prefix.parse("ESW." + name), spawned.location().connection().prefix());
      assertEquals(Optional.of(version.orElse("0.1.0")), spawned.location().metadataValue("version"), spawned.location().toString());
      assertInstanceOf(Killed.class, await(client1.killComponent(spawned.location())));
    }
    Failed bad = assertInstanceOf(Failed.class, await(client1.spawnSequenceComponent("seqbad", Optional.of("1.0 --debug"), false)));
    assertEquals(FailureReason.InvalidRequest, bad.reason());
  }

  @Test
  void anAgentWithABadComponentKindRefusesToStartBeforeJoiningAnything() throws IOException {
    Path bad = Path.of("target", "it-bad-kind.conf").toAbsolutePath();
    Files.writeString(bad, "agent.components.broken = ${agent.components.sample} { main-class = \"\" }\n");
    int httpPort = FreePorts.next();
    // Seeds that nobody serves: an agent that joined first would wait its whole join-timeout (60 s).
    try (MemberProcess refused = MemberProcess.start("agent-bad-kind", JAR, httpPort, List.of("--prefix", "ESW.machine9",
        "--cluster-port", "" + FreePorts.next(), "--registry-http-port", "" + httpPort, "--config", bad.toString(),
        "--seeds", "127.0.0.1:" + FreePorts.next()))) {
      assertEquals(1, refused.awaitExit(Duration.ofSeconds(20)), refused.tail());
      assertTrue(refused.output().contains("agent: cannot start: ") && refused.output().contains("agent.components.broken.main-class"), refused.tail());
    }
  }

  @Test
  void aComponentOfAKilledAgentHaltsBeforeItsNameIsFreedAndTheAgentComesBackClean() {
    // A prefix of this run only, so no agent of another run on this host takes its processes for its own.
    Prefix agentPrefix = Prefix.parse("ESW.machine5_" + RUN_ID);
    MemberProcess crashed = startAgent(agentPrefix.toString(), FreePorts.next(), List.of("--seeds", "127.0.0.1:" + seedPort));
    MemberProcess back = null;
    try {
      crashed.awaitHealthy(4, Duration.ofSeconds(90));
      Spawned spawned = assertInstanceOf(Spawned.class, spawn(clientOf(agentPrefix), "quick", fresh()));
      long pid = spawned.location().pid().orElseThrow();
      Connection connection = spawned.location().connection();
      // This member's replica need not have the registration yet: the name is "freed" only once it had it.
      assertTrue(await(locations.catchUp(connection)), "a majority answered");
      assertTrue(await(locations.find(connection)).isPresent(), "registered before the kill");

      crashed.kill(); // SIGKILL to the agent's JVM only: nothing renews its component's lease any more
      long killed = System.nanoTime();
      long[] haltedAt = {-1};
      long[] freedAt = {-1};
      Eventually.await("the component halts and its name is freed", Duration.ofSeconds(60), () -> {
        long now = System.nanoTime();
        if (haltedAt[0] < 0 && !alive(pid)) {
          haltedAt[0] = now;
        }
        if (freedAt[0] < 0 && await(locations.find(connection)).isEmpty()) {
          freedAt[0] = now;
        }
        return haltedAt[0] >= 0 && freedAt[0] >= 0;
      });
      System.out.printf("agent SIGKILL: its component halted after %d ms, its name was freed after %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(haltedAt[0] - killed), TimeUnit.NANOSECONDS.toMillis(freedAt[0] - killed));
      assertTrue(haltedAt[0] < freedAt[0], "the component was gone before its name was freed");
      awaitTheClusterAsBuilt();

      back = startAgent(agentPrefix.toString(), FreePorts.next(), List.of("--seeds", "127.0.0.1:" + seedPort));
      back.awaitHealthy(4, Duration.ofSeconds(90));
      // Each registry node frees the name once it has itself heard the witnesses confirm that the old
      // incarnation's leases ran out: a node that learns of that departure only now (the restarted agent's
      // own, where the name's shard may have moved) holds it for that round of asking. Until then the
      // spawn is refused as held, never anything else.
      SpawnResponse again = Eventually.awaitValue("the name can be spawned again", Duration.ofSeconds(30),
          () -> spawn(clientOf(agentPrefix), "quick", connection.prefix()),
          response -> {
            if (response instanceof Failed failed) {
              assertTrue(List.of(FailureReason.AlreadyRegistered, FailureReason.AlreadyReserved).contains(failed.reason()), failed.toString());
            }
            return response instanceof Spawned;
          });
      assertInstanceOf(Spawned.class, again, "and runs once");
      back.terminate(); // leave the cluster gracefully, so the other members are not left with an unreachable one
      back.awaitExit(Duration.ofSeconds(60));
    } finally {
      crashed.close();
      if (back != null) {
        back.close();
      }
    }
  }
}
