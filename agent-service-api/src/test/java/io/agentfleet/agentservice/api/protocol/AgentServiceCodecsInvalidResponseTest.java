package io.agentfleet.agentservice.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentfleet.agentservice.api.InvalidResponseException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentServiceCodecsInvalidResponseTest {

  private final AgentServiceCodecs codecs = new AgentServiceCodecs();

  @Test
  void answerOfAnotherCallIsAnUnknownType() {
    InvalidResponseException e = assertThrows(InvalidResponseException.class,
        () -> codecs.readSpawnResponse(bytes("{\"_type\":\"Killed\"}")));

    assertEquals("unknown \"_type\" 'Killed'; expected one of: Failed, Spawned", e.getMessage());
  }

  @Test
  void invalidLocationIsNamedWithItsFullPath() {
    String json = "{\"_type\":\"Success\",\"agentStatus\":[],\"seqCompsWithoutAgent\":[{\"seqCompId\":{\"prefix\":\"ESW.c2\","
        + "\"componentType\":\"SequenceComponent\"},\"sequencerLocation\":[{\"_type\":\"AkkaLocation\",\"connection\":"
        + "{\"prefix\":\"ESW.primary\",\"componentType\":\"Sequencer\",\"connectionType\":\"udp\"},\"uri\":\"akka://x\"}]}]}";

    InvalidResponseException e = assertThrows(InvalidResponseException.class,
        () -> codecs.readAgentStatusResponse(bytes(json)));

    assertEquals("field 'seqCompsWithoutAgent[0].sequencerLocation[0].connection.connectionType'"
        + " must be one of akka, http, tcp but was 'udp'", e.getMessage());
  }

  @Test
  void failedWithoutMessageIsRefused() {
    InvalidResponseException e = assertThrows(InvalidResponseException.class,
        () -> codecs.readKillResponse(bytes("{\"_type\":\"Failed\"}")));

    assertEquals("field 'msg' is required but missing", e.getMessage());
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
