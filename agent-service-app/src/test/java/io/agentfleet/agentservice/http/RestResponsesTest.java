package io.agentfleet.agentservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.http.javadsl.model.StatusCodes;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import org.junit.jupiter.api.Test;

class RestResponsesTest {
  @Test
  void aKillWhoseRegistrationCouldNotBeRemovedIsServiceUnavailable() {
    // The processes are gone, the registry did not answer: retrying the kill later is the remedy.
    assertEquals(StatusCodes.SERVICE_UNAVAILABLE, RestResponses.status(FailureReason.StillRegistered));
  }
}
