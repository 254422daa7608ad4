package io.agentfleet.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestInbox;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agent.client.AgentProtocol.ComponentStatus;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.kinds.ComponentKinds;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Prefix;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start queue's rules, without an agent: the test plays the agent and says how many are starting. */
class StartQueueTest {
  private static final Prefix AGENT = Prefix.parse("ESW.queuetestagent");
  private static final ComponentKinds KINDS = ComponentKinds.fromConfig(ConfigFactory.defaultReference().resolve());
  private static final AgentSettings SETTINGS = new AgentSettings(AGENT, "testhost", URI.create("http://127.0.0.1:1"), KINDS,
      Path.of(System.getProperty("java.io.tmpdir"), "agent-test-logs"), 1 << 20, 2, Duration.ofSeconds(1), 2,
      Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofMinutes(5));

  private static ActorRef<SpawnResponse> caller() {
    return TestInbox.<SpawnResponse>create().getRef();
  }

  private static Spawn spawn(ActorRef<SpawnResponse> caller, String prefix) {
    return new Spawn(caller, "sample", Prefix.parse(prefix), Optional.empty(), List.of(), Optional.empty());
  }

  private static StartQueue queueOf(Spawn... spawns) {
    StartQueue queue = new StartQueue(SETTINGS);
    List.of(spawns).forEach(queue::add);
    return queue;
  }

  @Test
  void spawnsAreTakenInTheOrderTheyCameWhileASlotIsFree() {
    Spawn a = spawn(caller(), "ESW.a");
    Spawn b = spawn(caller(), "ESW.b");
    Spawn c = spawn(caller(), "ESW.c");
    StartQueue queue = queueOf(a, b, c);

    assertEquals(Optional.of(a), queue.takeNext(0));
    assertEquals(Optional.of(b), queue.takeNext(1));
    assertFalse(queue.isWaiting(b), "a spawn that took its slot no longer waits");
    assertTrue(queue.isWaiting(c));
    assertEquals(Optional.of(c), queue.takeNext(1));
    assertEquals(Optional.empty(), queue.takeNext(0), "nothing waits any more");
  }

  @Test
  void noSpawnIsTakenWhileEverySlotIsTaken() {
    Spawn a = spawn(caller(), "ESW.a");
    StartQueue queue = queueOf(a);

    assertEquals(Optional.empty(), queue.takeNext(2), "max-concurrent-starts (2) are starting");
    assertTrue(queue.isWaiting(a));
    assertEquals(Optional.of(a), queue.takeNext(1));
  }

  @Test
  void aSpawnRepeatsOneThatWaitsOnlyWithTheSameCallerAndPrefix() {
    ActorRef<SpawnResponse> caller = caller();
    StartQueue queue = queueOf(spawn(caller, "ESW.a"));

    assertTrue(queue.holdsRequestOf(spawn(caller, "ESW.a")));
    assertTrue(queue.holdsRequestOf(new Spawn(caller, "sample", Prefix.parse("ESW.a"), Optional.of(ComponentType.Assembly), List.of("--other"), Optional.empty())),
        "the caller and the prefix make the request, whatever else it says");
    assertFalse(queue.holdsRequestOf(spawn(caller, "ESW.b")), "the same caller, another component");
    assertFalse(queue.holdsRequestOf(spawn(caller(), "ESW.a")), "another caller of the same component");

    queue.takeNext(0);
    assertFalse(queue.holdsRequestOf(spawn(caller, "ESW.a")), "it left the queue: whether a run has it is the agent's to say");
  }

  @Test
  void anOverdueSpawnLeavesTheQueueWithItsAnswerAndAnotherIsNotOverdue() {
    Spawn a = spawn(caller(), "ESW.a");
    Spawn b = spawn(caller(), "ESW.b");
    Spawn c = spawn(caller(), "ESW.c");
    StartQueue queue = queueOf(a, b, c);

    Failed failed = queue.overdue(b).orElseThrow();
    assertEquals(FailureReason.QueueWaitExceeded, failed.reason());
    assertEquals("ESW.b waited 300 s for a start slot on " + AGENT + " (2 start at once, 2 still queued); it was not started", failed.message());
    assertFalse(queue.isWaiting(b));
    assertEquals(Optional.empty(), queue.overdue(b), "answered once");

    assertEquals(Optional.of(a), queue.takeNext(0));
    assertEquals(Optional.empty(), queue.overdue(a), "a spawn that took its slot in time is not failed by its timer");
    assertEquals(Optional.of(c), queue.takeNext(0), "the others keep their order");
  }

  @Test
  void drainingTakesEverySpawnInOrderAndLeavesNothingQueued() {
    Spawn a = spawn(caller(), "ESW.a");
    Spawn b = spawn(caller(), "ESW.b");
    StartQueue queue = queueOf(a, b);

    assertEquals(List.of(a, b), queue.drain());
    assertEquals(List.of(), queue.drain());
    assertEquals(Optional.empty(), queue.takeNext(0));
    assertEquals(Optional.empty(), queue.overdue(a), "a drained spawn was answered by the drain, not by its timer");
    assertEquals(List.of(), queue.statuses().toList());
  }

  @Test
  void eachWaitingSpawnIsQueuedInTheStatusUnderTheNameItWillRunAs() {
    StartQueue queue = queueOf(spawn(caller(), "ESW.a"),
        new Spawn(caller(), "sample", Prefix.parse("ESW.b"), Optional.of(ComponentType.Assembly), List.of(), Optional.empty()));

    assertEquals(List.of(
            new ComponentStatus(new Connection(Prefix.parse("ESW.a"), ComponentType.Service, ConnectionType.HTTP), "sample", ComponentState.Queued, 0L, 0L, Instant.EPOCH),
            new ComponentStatus(new Connection(Prefix.parse("ESW.b"), ComponentType.Assembly, ConnectionType.HTTP), "sample", ComponentState.Queued, 0L, 0L, Instant.EPOCH)),
        queue.statuses().toList());
  }
}
