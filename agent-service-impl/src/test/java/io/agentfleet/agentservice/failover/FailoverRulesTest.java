package io.agentfleet.agentservice.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailoverRulesTest {
  private static final Prefix M1 = Prefix.parse("ESW.machine1");
  private static final Prefix M2 = Prefix.parse("ESW.machine2");
  private static final Prefix M3 = Prefix.parse("ESW.machine3");
  private static final FailoverPolicy POLICY =
      new FailoverPolicy(Prefix.parse("ESW.sequence_manager"), "sequence-manager", ComponentType.Service, List.of(), List.of(M1, M2, M3));

  @Test
  void aFirstStartTriesThePrimaryThenTheBackupsInOrder() {
    assertEquals(List.of(M1, M2, M3), FailoverRules.launchOrder(POLICY, Optional.empty()));
  }

  @Test
  void aFailoverTriesTheLostAgentLast() {
    assertEquals(List.of(M2, M3, M1), FailoverRules.launchOrder(POLICY, Optional.of(M1)));
    assertEquals(List.of(M1, M3, M2), FailoverRules.launchOrder(POLICY, Optional.of(M2)));
  }

  @Test
  void aFailoverFromAnAgentOutsideThePolicyKeepsItsOrder() {
    assertEquals(List.of(M1, M2, M3), FailoverRules.launchOrder(POLICY, Optional.of(Prefix.parse("ESW.elsewhere"))));
  }

  @Test
  void onlyAHeldNameIsWaitedOut() {
    assertTrue(FailoverRules.nameStillHeld(FailureReason.AlreadyRegistered));
    assertTrue(FailoverRules.nameStillHeld(FailureReason.AlreadyReserved));
    assertTrue(FailoverRules.nameStillHeld(FailureReason.RegistryUnavailable));
    assertFalse(FailoverRules.nameStillHeld(FailureReason.UnknownKind));
    assertFalse(FailoverRules.nameStillHeld(FailureReason.ProcessExited));
    assertFalse(FailoverRules.nameStillHeld(FailureReason.AgentStopping));
  }

  @Test
  void aPolicyThatCannotBeCarriedOutIsRefused() {
    Prefix name = Prefix.parse("ESW.x");
    assertThrows(IllegalArgumentException.class, () -> new FailoverPolicy(name, "sample", ComponentType.Service, List.of(), List.of()));
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> new FailoverPolicy(name, "sample", ComponentType.Service, List.of(), List.of(M1, M1)));
    assertTrue(twice.getMessage().contains("named twice"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FailoverPolicy(name, " ", ComponentType.Service, List.of(), List.of(M1)));
    assertThrows(IllegalArgumentException.class, () -> new FailoverPolicy(name, "sample", null, List.of(), List.of(M1)));
  }

  @Test
  void theHistoryKeepsTheLatestEvents() {
    ManagedComponent entry = ManagedComponent.starting(POLICY);
    for (int i = 0; i < ManagedComponent.HISTORY + 5; i++) {
      entry = entry.recording(new FailoverEvent(java.time.Instant.ofEpochSecond(i), FailoverEvent.What.FailedOver,
          Optional.of(M1), Optional.of(M2), "trial " + i, i));
    }
    assertEquals(ManagedComponent.HISTORY, entry.history().size());
    assertEquals("trial 5", entry.history().get(0).reason());
  }
}
