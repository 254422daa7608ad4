package io.agentfleet.agentservice.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.SerializationTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.agentfleet.agentservice.failover.ManagedComponent.Placement;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Prefix;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ManagedComponentJsonTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final FailoverPolicy POLICY = new FailoverPolicy(Prefix.parse("ESW.sequence_manager"), "sequence-manager",
      ComponentType.Service, List.of("--x"), List.of(Prefix.parse("ESW.machine1"), Prefix.parse("ESW.machine2")));
  private static final ManagedComponent RUNNING = ManagedComponent.starting(POLICY)
      .runningOn(new Placement(Prefix.parse("ESW.machine2"), "akka://fleet@127.0.0.1:3560#-42"),
          Connection.parse("ESW.sequence_manager-Service-http"))
      .recording(new FailoverEvent(Instant.parse("2026-12-02T10:00:00Z"), FailoverEvent.What.FailedOver,
          Optional.of(Prefix.parse("ESW.machine1")), Optional.of(Prefix.parse("ESW.machine2")), "agent ESW.machine1 left the cluster", 9000));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void theStoredTextReadsBackAsTheSameComponent() {
    ManagedComponentJson json = new ManagedComponentJson();
    assertEquals(RUNNING, json.read(json.write(RUNNING)));
    assertEquals(ManagedComponent.starting(POLICY), json.read(json.write(ManagedComponent.starting(POLICY))));
  }

  @Test
  void theDecidersRequestsAndAnswersCrossTheWire() {
    SerializationTestKit serialization = new SerializationTestKit(testKit.system());
    TestProbe<ManagedComponent> managed = testKit.createTestProbe();
    TestProbe<Optional<ManagedComponent>> unmanaged = testKit.createTestProbe();
    TestProbe<List<ManagedComponent>> listed = testKit.createTestProbe();
    serialization.verifySerialization(new FailoverDecider.Manage(POLICY, managed.getRef()), true);
    serialization.verifySerialization(new FailoverDecider.Unmanage(POLICY.component(), unmanaged.getRef()), true);
    serialization.verifySerialization(new FailoverDecider.GetManaged(listed.getRef()), true);
    serialization.verifySerialization(RUNNING, true);
  }
}
