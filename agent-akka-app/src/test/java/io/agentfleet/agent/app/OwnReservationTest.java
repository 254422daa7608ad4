package io.agentfleet.agent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.location.api.RegistrationResult.AlreadyReserved;
import io.agentfleet.location.api.RegistrationResult.Reserved;
import io.agentfleet.location.api.RegistrationResult.ReserveResult;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Prefix;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An agent asking again for its own name after a timed-out ask. */
class OwnReservationTest {
  private static final Connection NAME = AgentClient.agentConnection(Prefix.parse("ESW.machine1"));
  private static final String SELF = "akka://fleet@127.0.0.1:3560#42";

  @Test
  void aReservationThisVeryMemberHoldsIsOurs() {
    ReserveResult result = AgentWiring.asOwnReservation(new AlreadyReserved(NAME, 7, SELF), SELF, Duration.ofSeconds(20));

    assertTrue(result instanceof Reserved, result.toString());
    assertEquals(7, ((Reserved) result).epoch());
    assertEquals(NAME, ((Reserved) result).connection());
  }

  @Test
  void anotherMembersOrAnEarlierIncarnationsReservationIsNot() {
    AlreadyReserved other = new AlreadyReserved(NAME, 7, "akka://fleet@127.0.0.1:3561#43");
    AlreadyReserved earlierRun = new AlreadyReserved(NAME, 7, "akka://fleet@127.0.0.1:3560#41");

    assertSame(other, AgentWiring.asOwnReservation(other, SELF, Duration.ofSeconds(20)));
    assertSame(earlierRun, AgentWiring.asOwnReservation(earlierRun, SELF, Duration.ofSeconds(20)));
  }
}
