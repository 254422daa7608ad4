package io.agentfleet.agentservice.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.agentservice.failover.FailoverEvent;
import io.agentfleet.agentservice.failover.FailoverEvent.What;
import io.agentfleet.location.model.Prefix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionAuditTest {
  private static final Prefix COMPONENT = Prefix.parse("ESW.sequence_manager");
  private static final Prefix M1 = Prefix.parse("ESW.machine1");
  private static final Prefix M2 = Prefix.parse("ESW.machine2");
  private static final Instant AT = Instant.parse("2026-12-03T01:02:03Z");

  @Test
  void aFailoverIsRecordedAsTheDecidersWithWhereFromWhereToAndWhy() {
    List<AuditEvent> written = new ArrayList<>();
    List<Runnable> handedOff = new ArrayList<>();
    DecisionAudit audit = new DecisionAudit(written::add, handedOff::add, "akka://fleet@10.0.0.5:3570");

    audit.decided(COMPONENT, new FailoverEvent(AT, What.FailedOver, Optional.of(M1), Optional.of(M2), "ESW.machine1 left the cluster", 12_400));

    assertEquals(List.of(), written, "nothing is written on the caller's thread: the decider is an actor");
    handedOff.forEach(Runnable::run);
    AuditEvent event = written.get(0);
    assertEquals(AT, event.time());
    assertEquals(DecisionAudit.USER, event.user());
    assertEquals("failover", event.action());
    assertEquals(Optional.of("ESW.machine2"), event.agent());
    assertEquals(Optional.of("ESW.sequence_manager"), event.component());
    assertEquals(200, event.status());
    assertEquals("FailedOver", event.result());
    assertEquals("akka://fleet@10.0.0.5:3570", event.address());
    String message = event.message().orElseThrow();
    assertTrue(message.contains("from ESW.machine1") && message.contains("to ESW.machine2") && message.contains("left the cluster"), message);
  }

  @Test
  void aComponentNoAgentCouldStartIsA503OnTheAgentItLastRanOn() {
    AuditEvent event = DecisionAudit.eventOf(COMPONENT,
        new FailoverEvent(AT, What.NotStarted, Optional.of(M1), Optional.empty(), "no agent could start it", 60_000), "here");

    assertEquals(503, event.status());
    assertEquals("NotStarted", event.result());
    assertEquals(Optional.of("ESW.machine1"), event.agent());
  }
}
