package io.agentfleet.agentservice.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentfleet.agentservice.failover.FailoverEvent.What;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which change of a managed component the decider reports to its {@link DecisionLog}. */
class FailoverDeciderEventsTest {
  private static final Prefix M1 = Prefix.parse("ESW.machine1");
  private static final Prefix M2 = Prefix.parse("ESW.machine2");
  private static final ManagedComponent STARTING = ManagedComponent.starting(
      new FailoverPolicy(Prefix.parse("ESW.sequence_manager"), "sequence-manager", ComponentType.Service, List.of(), List.of(M1, M2)));
  private static final FailoverEvent FAILED_OVER =
      new FailoverEvent(Instant.parse("2026-12-03T01:00:00Z"), What.FailedOver, Optional.of(M1), Optional.of(M2), "lost", 12_000);

  @Test
  void aNewlyRecordedEventIsReportedOnce() {
    ManagedComponent failedOver = STARTING.recording(FAILED_OVER);

    assertEquals(Optional.of(FAILED_OVER), FailoverDecider.newestEvent(STARTING, failedOver));
    assertEquals(Optional.of(FAILED_OVER), FailoverDecider.newestEvent(null, failedOver));
    assertEquals(Optional.empty(), FailoverDecider.newestEvent(failedOver, failedOver.withStatus(ManagedComponent.Status.Running)),
        "a change of status alone records nothing new");
  }

  @Test
  void aComponentWithoutHistoryReportsNothing() {
    assertEquals(Optional.empty(), FailoverDecider.newestEvent(null, STARTING));
  }
}
