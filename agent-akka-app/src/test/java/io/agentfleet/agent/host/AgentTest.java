package io.agentfleet.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.agentfleet.agent.client.AgentProtocol.AgentStatus;
import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agent.client.AgentProtocol.ComponentStatus;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.GetAgentStatus;
import io.agentfleet.agent.client.AgentProtocol.KillComponent;
import io.agentfleet.agent.client.AgentProtocol.KillResponse;
import io.agentfleet.agent.client.AgentProtocol.Killed;
import io.agentfleet.agent.client.AgentProtocol.LogChunk;
import io.agentfleet.agent.client.AgentProtocol.LogResponse;
import io.agentfleet.agent.client.AgentProtocol.SpawnComponent;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.Spawned;
import io.agentfleet.agent.client.AgentProtocol.TailComponentLog;
import io.agentfleet.agent.host.FakeLauncher.FakeProcess;
import io.agentfleet.agent.kinds.ComponentKinds;
import io.agentfleet.agent.logs.ComponentLogFiles;
import io.agentfleet.location.api.RegistrationResult.RegistryUnavailable;
import io.agentfleet.location.api.RegistrationResult.StaleEpoch;
import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Agent's rules, with a registry and processes that exist only in the test. */
class AgentTest {
  // Generous: the machine may be busy; a passing test never waits this long.
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Prefix AGENT = Prefix.parse("ESW.testagent");
  private static final AtomicInteger names = new AtomicInteger();
  private static final ComponentKinds KINDS = ComponentKinds.fromConfig(ConfigFactory.parseString(
          "agent.components.crashy = ${agent.components.sample} { restart { policy = on-failure, max-restarts = 2, backoff = 10ms, max-backoff = 10ms } }")
      .withFallback(ConfigFactory.defaultReference()).resolve());

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** One agent with its fakes and probes. */
  private static final class Fixture {
    final FakeLocationService locations = new FakeLocationService();
    final TestProbe<FakeProcess> started = testKit.createTestProbe();
    final TestProbe<FakeProcess> terminating = testKit.createTestProbe();
    final ActorRef<Object> agent;

    Fixture(int maxConcurrentStarts, boolean holdTerminations) {
      this(maxConcurrentStarts, holdTerminations, Duration.ofMinutes(5));
    }

    Fixture(int maxConcurrentStarts, boolean holdTerminations, Duration maxQueueWait) {
      AgentSettings settings = new AgentSettings(AGENT, "testhost", URI.create("http://127.0.0.1:1"), KINDS,
          Path.of(System.getProperty("java.io.tmpdir"), "agent-test-logs"), 1 << 20, 2, Duration.ofSeconds(1), maxConcurrentStarts,
          Duration.ofMillis(300), Duration.ofMillis(20), maxQueueWait);
      agent = testKit.spawn(Agent.create(settings, locations.service, new FakeLauncher(started.ref(), terminating.ref(), holdTerminations)));
    }

    TestProbe<SpawnResponse> spawn(String kind, Prefix prefix) {
      TestProbe<SpawnResponse> reply = testKit.createTestProbe();
      agent.tell(new SpawnComponent(reply.ref(), kind, prefix, Optional.of(ComponentType.Service), List.of()));
      return reply;
    }

    FakeProcess nextStart() {
      return started.expectMessageClass(FakeProcess.class, WAIT);
    }

    /** Spawns {@code kind} as {@code prefix} and lets it register: it runs. */
    FakeProcess running(String kind, Prefix prefix) {
      TestProbe<SpawnResponse> reply = spawn(kind, prefix);
      FakeProcess process = nextStart();
      locations.registers(process);
      reply.expectMessageClass(Spawned.class, WAIT);
      return process;
    }

    TestProbe<KillResponse> kill(Location location) {
      TestProbe<KillResponse> reply = testKit.createTestProbe();
      agent.tell(new KillComponent(reply.ref(), location));
      return reply;
    }

    List<ComponentStatus> status() {
      TestProbe<AgentStatus> reply = testKit.createTestProbe();
      agent.tell(new GetAgentStatus(reply.ref()));
      return reply.expectMessageClass(AgentStatus.class, WAIT).components();
    }

    Map<String, ComponentState> states() {
      return status().stream().collect(java.util.stream.Collectors.toMap(s -> s.connection().prefix().toString(), ComponentStatus::state));
    }
  }

  private static Prefix fresh() {
    return Prefix.parse("ESW.c" + names.incrementAndGet());
  }

  @Test
  void aLogReadIsAnsweredFromTheComponentsLogFile() throws Exception {
    Fixture f = new Fixture(2, false);
    Prefix prefix = Prefix.parse("ESW.agenttest_log" + names.incrementAndGet());
    Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "agent-test-logs"));
    ComponentId id = new ComponentId(prefix, ComponentType.Service);
    Path file = ComponentLogFiles.fileOf(dir, id);
    Files.writeString(file, "started\nstopped\n");
    try {
      TestProbe<LogResponse> reply = testKit.createTestProbe();
      f.agent.tell(new TailComponentLog(reply.ref(), id, 1));
      assertEquals("stopped\n", reply.expectMessageClass(LogChunk.class, WAIT).text());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** A caller repeats its request when its watch of the agent went astray (AgentCall): one run, one answer. */
  @Test
  void aSpawnRepeatedByTheSameCallerIsTheSameRequestAnsweredOnce() {
    Fixture f = new Fixture(1, false);
    Prefix starting = fresh();
    Prefix queued = fresh();
    TestProbe<SpawnResponse> first = f.spawn("sample", starting);
    FakeProcess process = f.nextStart();
    TestProbe<SpawnResponse> second = f.spawn("sample", queued);
    f.agent.tell(new SpawnComponent(first.ref(), "sample", starting, Optional.of(ComponentType.Service), List.of()));
    f.agent.tell(new SpawnComponent(second.ref(), "sample", queued, Optional.of(ComponentType.Service), List.of()));
    assertEquals(Map.of(starting.toString(), ComponentState.Starting, queued.toString(), ComponentState.Queued), f.states());
    first.expectNoMessage(Duration.ofMillis(200));
    second.expectNoMessage(Duration.ofMillis(200));

    f.locations.registers(process);
    first.expectMessageClass(Spawned.class, WAIT);
    f.locations.registers(f.nextStart());
    second.expectMessageClass(Spawned.class, WAIT);
    first.expectNoMessage(Duration.ofMillis(200));
    second.expectNoMessage(Duration.ofMillis(200));

    TestProbe<SpawnResponse> another = f.spawn("sample", starting);
    assertEquals(FailureReason.AlreadyRegistered, another.expectMessageClass(Failed.class, WAIT).reason(), "another caller's spawn is refused as before");
  }

  @Test
  void queuedSpawnsStartInOrderAsSlotsFree() {
    Fixture f = new Fixture(2, false);
    List<Prefix> prefixes = List.of(fresh(), fresh(), fresh(), fresh());
    List<TestProbe<SpawnResponse>> replies = prefixes.stream().map(p -> f.spawn("sample", p)).toList();
    // The first two hold the two slots at once: their reservations and launches run side by side,
    // so which of them launches first is not defined; what is ordered is the queue behind them.
    FakeProcess one = f.nextStart();
    FakeProcess other = f.nextStart();
    assertEquals(java.util.Set.of(prefixes.get(0).toString(), prefixes.get(1).toString()), java.util.Set.of(one.prefix(), other.prefix()));
    FakeProcess first = one.prefix().equals(prefixes.get(0).toString()) ? one : other;
    FakeProcess second = first == one ? other : one;
    assertEquals(Map.of(prefixes.get(0).toString(), ComponentState.Starting, prefixes.get(1).toString(), ComponentState.Starting,
        prefixes.get(2).toString(), ComponentState.Queued, prefixes.get(3).toString(), ComponentState.Queued), f.states());

    f.locations.registers(second);
    replies.get(1).expectMessageClass(Spawned.class, WAIT);
    FakeProcess third = f.nextStart();
    assertEquals(prefixes.get(2).toString(), third.prefix(), "the first queued spawn takes the free slot");
    assertEquals(ComponentState.Queued, f.states().get(prefixes.get(3).toString()), "two are starting again: the last one still waits");

    f.locations.registers(first);
    replies.get(0).expectMessageClass(Spawned.class, WAIT);
    FakeProcess fourth = f.nextStart();
    assertEquals(prefixes.get(3).toString(), fourth.prefix());
    f.locations.registers(third);
    f.locations.registers(fourth);
    replies.get(2).expectMessageClass(Spawned.class, WAIT);
    replies.get(3).expectMessageClass(Spawned.class, WAIT);
  }

  @Test
  void aSpawnQueuedLongerThanTheQueueWaitIsAnsweredAndNeverStarts() {
    Fixture f = new Fixture(1, false, Duration.ofMillis(300));
    Prefix first = fresh();
    Prefix late = fresh();
    TestProbe<SpawnResponse> firstReply = f.spawn("sample", first);
    FakeProcess running = f.nextStart();
    TestProbe<SpawnResponse> lateReply = f.spawn("sample", late);

    Failed failed = lateReply.expectMessageClass(Failed.class, WAIT);
    assertEquals(FailureReason.QueueWaitExceeded, failed.reason());
    assertTrue(failed.message().contains(late.toString()), failed.message());
    assertFalse(f.states().containsKey(late.toString()), "it is no longer queued: " + f.states());
    f.locations.registers(running);
    firstReply.expectMessageClass(Spawned.class, WAIT);
    f.started.expectNoMessage(Duration.ofMillis(300));
  }

  @Test
  void aSpawnThatGetsItsSlotInTimeIsNotFailedByTheQueueWait() {
    Fixture f = new Fixture(1, false, Duration.ofMillis(500));
    TestProbe<SpawnResponse> firstReply = f.spawn("sample", fresh());
    FakeProcess running = f.nextStart();
    Prefix queued = fresh();
    TestProbe<SpawnResponse> queuedReply = f.spawn("sample", queued);
    f.locations.registers(running);
    firstReply.expectMessageClass(Spawned.class, WAIT);
    FakeProcess next = f.nextStart();
    assertEquals(queued.toString(), next.prefix());

    // Its launch and registration take longer than the queue wait: that wait is over once it has its slot.
    queuedReply.expectNoMessage(Duration.ofMillis(800));
    f.locations.registers(next);
    queuedReply.expectMessageClass(Spawned.class, WAIT);
  }

  @Test
  void aQueuedSpawnRefusedAtItsTurnHandsItsSlotOn() {
    Fixture f = new Fixture(1, false);
    Prefix taken = fresh();
    Prefix next = fresh();
    TestProbe<SpawnResponse> first = f.spawn("sample", taken);
    FakeProcess running = f.nextStart();
    TestProbe<SpawnResponse> again = f.spawn("sample", taken); // queued; refused at its turn: the name is managed
    TestProbe<SpawnResponse> other = f.spawn("sample", next);
    assertTrue(f.status().stream().anyMatch(s -> s.connection().prefix().equals(next) && s.state() == ComponentState.Queued), f.status().toString());

    f.locations.registers(running);
    first.expectMessageClass(Spawned.class, WAIT);
    assertEquals(FailureReason.AlreadyRegistered, again.expectMessageClass(Failed.class, WAIT).reason());
    FakeProcess started = f.nextStart();
    assertEquals(next.toString(), started.prefix(), "the slot the refused spawn did not use goes to the next one");
    f.locations.registers(started);
    other.expectMessageClass(Spawned.class, WAIT);
  }

  @Test
  void aSpawnOfAnUnknownKindIsRefusedAtOnceEvenWhileEverySlotIsTaken() {
    Fixture f = new Fixture(1, false);
    f.spawn("sample", fresh());
    f.nextStart();
    TestProbe<SpawnResponse> unknown = f.spawn("no-such-kind", fresh());
    assertEquals(FailureReason.UnknownKind, unknown.expectMessageClass(Failed.class, WAIT).reason());
  }

  @Test
  void aKillIsAnsweredKilledOnceTheTreeIsGoneAndTheRegistrationRemoved() {
    Fixture f = new Fixture(2, true);
    FakeProcess process = f.running("sample", fresh());
    Location location = FakeLocationService.locationOf(process);
    TestProbe<KillResponse> kill = f.kill(location);
    f.terminating.expectMessage(WAIT, process);
    assertEquals(ComponentState.Stopping, f.states().get(process.prefix()));
    assertEquals(0, f.locations.unregisterCalls.get(), "the registration stays while the process may run");
    process.ends();
    assertEquals(new Killed(location.connection()), kill.expectMessageClass(Killed.class, WAIT));
    assertEquals(1, f.locations.unregisterCalls.get());
    assertTrue(f.status().isEmpty());
  }

  @Test
  void aKillWhoseRegistrationCannotBeRemovedIsAnsweredStillRegistered() {
    Fixture f = new Fixture(2, false);
    FakeProcess process = f.running("sample", fresh());
    f.locations.down(true);
    Failed failed = f.kill(FakeLocationService.locationOf(process)).expectMessageClass(Failed.class, WAIT);
    assertEquals(FailureReason.StillRegistered, failed.reason(), failed.message());
    assertTrue(failed.message().contains("processes are gone") && failed.message().contains("no majority"), failed.message());
    assertTrue(f.locations.unregisterCalls.get() > 1, "asked again before giving up: " + f.locations.unregisterCalls.get());
    assertTrue(f.status().isEmpty(), "the agent runs nothing of it any more");
  }

  @Test
  void anUnregisterThatFailsOnceIsAskedAgainAndTheKillAnsweredKilled() {
    Fixture f = new Fixture(2, false);
    FakeProcess process = f.running("sample", fresh());
    f.locations.answerUnregister(new RegistryUnavailable("no majority"));
    f.kill(FakeLocationService.locationOf(process)).expectMessageClass(Killed.class, WAIT);
    assertEquals(2, f.locations.unregisterCalls.get());
  }

  @Test
  void aNewerRegistrationOfTheNameMeansOursIsGoneSoTheKillIsKilled() {
    Fixture f = new Fixture(2, false);
    FakeProcess process = f.running("sample", fresh());
    Location location = FakeLocationService.locationOf(process);
    f.locations.answerUnregister(new StaleEpoch(location.connection(), location.epoch().orElseThrow(), Optional.of(location.epoch().orElseThrow() + 1)));
    f.kill(location).expectMessageClass(Killed.class, WAIT);
    assertEquals(1, f.locations.unregisterCalls.get());
  }

  @Test
  void aKillDuringTheCleanupOfACrashedComponentCancelsItsRelaunchAndIsAnsweredKilled() {
    Fixture f = new Fixture(2, true);
    FakeProcess process = f.running("crashy", fresh());
    process.exits(1); // a crash: its kind relaunches it once it is cleaned up
    f.terminating.expectMessage(WAIT, process);
    TestProbe<KillResponse> kill = f.kill(FakeLocationService.locationOf(process));
    process.ends();
    kill.expectMessageClass(Killed.class, WAIT);
    assertTrue(f.status().isEmpty(), "no relaunch is pending: " + f.status());
  }

  @Test
  void aKillDuringCleanupWhoseRegistrationCannotBeRemovedSaysSo() {
    Fixture f = new Fixture(2, true);
    FakeProcess process = f.running("crashy", fresh());
    process.exits(1);
    f.terminating.expectMessage(WAIT, process);
    TestProbe<KillResponse> kill = f.kill(FakeLocationService.locationOf(process));
    f.locations.down(true);
    process.ends();
    assertEquals(FailureReason.StillRegistered, kill.expectMessageClass(Failed.class, WAIT).reason());
    assertTrue(f.status().isEmpty(), "no relaunch is pending: " + f.status());
  }

  @Test
  void aCrashedComponentIsRelaunchedOnceItsTreeAndRegistrationAreGone() {
    Fixture f = new Fixture(2, false);
    Prefix prefix = fresh();
    FakeProcess process = f.running("crashy", prefix);
    process.exits(1);
    FakeProcess relaunched = f.nextStart();
    assertEquals(prefix.toString(), relaunched.prefix());
    assertEquals(1, f.locations.unregisterCalls.get(), "the first run's registration was removed before the relaunch");
  }

  @Test
  void killingAComponentNoLongerRunWhoseRegistrationWasLeftOverRemovesIt() {
    Fixture f = new Fixture(2, false);
    Connection connection = new Connection(fresh(), ComponentType.Service, ConnectionType.HTTP);
    Location leftOver = new Location(connection, URI.create("http://127.0.0.1:1/"),
        Map.of(Location.AGENT_PREFIX, AGENT.toString(), Location.EPOCH, "7", Location.PID, "1"));
    f.locations.down(true);
    assertEquals(FailureReason.StillRegistered, f.kill(leftOver).expectMessageClass(Failed.class, WAIT).reason());
    f.locations.down(false);
    f.kill(leftOver).expectMessageClass(Killed.class, WAIT);
  }

  @Test
  void aSpawnThatFailsSaysWhenItsReservationCouldNotBeReleased() {
    Fixture f = new Fixture(2, false);
    TestProbe<SpawnResponse> reply = f.spawn("sample", fresh());
    FakeProcess process = f.nextStart();
    f.locations.down(true);
    process.exits(3);
    Failed failed = reply.expectMessageClass(Failed.class, WAIT);
    assertEquals(FailureReason.ProcessExited, failed.reason());
    assertTrue(failed.message().contains("reservation could not be released"), failed.message());
  }

  @Test
  void anExitOfAnEarlierRunIsLostWithItsRunAndLeavesTheNextRunAlone() {
    Fixture f = new Fixture(2, true);
    Prefix prefix = fresh();
    FakeProcess first = f.running("crashy", prefix);
    TestProbe<KillResponse> kill = f.kill(FakeLocationService.locationOf(first));
    f.terminating.expectMessage(WAIT, first);
    first.treeEndsBeforeItsExitIsSeen();
    kill.expectMessageClass(Killed.class, WAIT);
    FakeProcess second = f.running("crashy", prefix);

    // Taken for the second run's, this crash would stop that run and relaunch it; it belongs to a run
    // that is over, whose actor (and its subscription to this exit) is gone.
    first.exits(1);
    f.terminating.expectNoMessage(Duration.ofMillis(300));
    List<ComponentStatus> status = f.status();
    assertEquals(1, status.size(), status.toString());
    assertEquals(ComponentState.Running, status.get(0).state());
    assertEquals(second.pid(), status.get(0).pid());
  }
}
