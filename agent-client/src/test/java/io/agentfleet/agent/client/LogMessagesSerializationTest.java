package io.agentfleet.agent.client;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.SerializationTestKit;
import akka.actor.typed.ActorRef;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.LogChunk;
import io.agentfleet.agent.client.AgentProtocol.LogResponse;
import io.agentfleet.agent.client.AgentProtocol.NoLog;
import io.agentfleet.agent.client.AgentProtocol.ReadComponentLog;
import io.agentfleet.agent.client.AgentProtocol.TailComponentLog;
import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The log reads and their answers cross JVMs through Akka's configured serialization (not Java's). */
class LogMessagesSerializationTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final SerializationTestKit serialization = new SerializationTestKit(testKit.system());
  private static final ComponentId C1 = new ComponentId(Prefix.parse("ESW.c1"), ComponentType.SequenceComponent);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void logRequestsAndAnswersRoundTrip() {
    ActorRef<LogResponse> replyTo = testKit.<LogResponse>createTestProbe().ref();
    serialization.verifySerialization(new TailComponentLog(replyTo, C1, 20), true);
    serialization.verifySerialization(new ReadComponentLog(replyTo, C1, 4096L), true);
    serialization.verifySerialization(new LogChunk(C1, 10, 42, 42, "line \u00e9\n\u001b[31mred\u001b[0m\n"), true);
    serialization.verifySerialization(new NoLog(C1, "no log of ESW.c1"), true);
    serialization.verifySerialization(Failed.of(FailureReason.InvalidRequest, "lines must be 1 to 10000"), true);
  }
}
