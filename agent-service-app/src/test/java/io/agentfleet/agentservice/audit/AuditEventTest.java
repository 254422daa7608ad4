package io.agentfleet.agentservice.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditEventTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AuditEvent event(Optional<String> client, Optional<String> agent, Optional<String> message) {
    return new AuditEvent(Instant.parse("2026-12-03T01:02:03.456Z"), "operator", client, "10.0.0.7", "spawn", agent,
        Optional.of("ESW.c1"), 200, "Spawned", message, "req-1");
  }

  @Test
  void anEventIsOneJsonLineWithAnIsoUtcTimeAndEveryField() throws Exception {
    String line = event(Optional.of("tmt-frontend-app"), Optional.of("ESW.machine1"), Optional.empty()).toJsonLine();

    assertFalse(line.contains("\n"), line);
    JsonNode json = JSON.readTree(line);
    assertEquals("2026-12-03T01:02:03.456Z", json.get("time").asText());
    assertEquals("operator", json.get("user").asText());
    assertEquals("tmt-frontend-app", json.get("client").asText());
    assertEquals("10.0.0.7", json.get("address").asText());
    assertEquals("spawn", json.get("action").asText());
    assertEquals("ESW.machine1", json.get("agent").asText());
    assertEquals("ESW.c1", json.get("component").asText());
    assertEquals(200, json.get("status").asInt());
    assertEquals("Spawned", json.get("result").asText());
    assertEquals("req-1", json.get("requestId").asText());
  }

  @Test
  void absentFieldsAreLeftOut() throws Exception {
    JsonNode json = JSON.readTree(event(Optional.empty(), Optional.empty(), Optional.empty()).toJsonLine());

    assertFalse(json.has("client"), json.toString());
    assertFalse(json.has("agent"), json.toString());
    assertFalse(json.has("message"), json.toString());
  }

  @Test
  void aMessageWithLineBreaksStaysOnOneLineAndALongOneIsCut() throws Exception {
    String line = event(Optional.empty(), Optional.empty(), Optional.of("first\nsecond" + "x".repeat(1000))).toJsonLine();

    assertFalse(line.contains("\n"), line);
    String message = JSON.readTree(line).get("message").asText();
    assertTrue(message.startsWith("first\nsecond"), message);
    assertEquals(AuditEvent.MAX_MESSAGE_LENGTH + 1, message.length(), message);
  }
}
