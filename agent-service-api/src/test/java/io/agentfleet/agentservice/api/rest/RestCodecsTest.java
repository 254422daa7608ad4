package io.agentfleet.agentservice.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.api.ErrorBody;
import io.agentfleet.agentservice.api.InvalidRequestException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestCodecsTest {

  private final RestCodecs codecs = new RestCodecs();
  private final ObjectMapper plain = new ObjectMapper();

  @Test
  void agentViewIsPlainJsonWithEmptyOptionalsLeftOut() throws IOException {
    ComponentView running = new ComponentView("ESW.c1", "SequenceComponent", "ESW.c1-SequenceComponent-akka", "Running",
        Optional.of(4242L), 3, Optional.of(URI.create("akka://fleet@10.0.0.5:2552/user/c1")),
        Optional.of(Instant.parse("2024-05-01T12:00:00Z")));
    ComponentView starting = new ComponentView("ESW.c2", "Service", "ESW.c2-Service-http", "Starting",
        Optional.empty(), 4, Optional.empty(), Optional.empty());
    AgentView agent = new AgentView("ESW.machine1", "host1", URI.create("akka://fleet@10.0.0.5:2552/user/agent"),
        List.of(running, starting));

    JsonNode written = plain.readTree(codecs.write(agent));

    assertEquals(plain.readTree("{\"prefix\":\"ESW.machine1\",\"hostname\":\"host1\","
        + "\"uri\":\"akka://fleet@10.0.0.5:2552/user/agent\",\"components\":["
        + "{\"prefix\":\"ESW.c1\",\"componentType\":\"SequenceComponent\",\"connection\":\"ESW.c1-SequenceComponent-akka\","
        + "\"state\":\"Running\",\"pid\":4242,\"epoch\":3,\"uri\":\"akka://fleet@10.0.0.5:2552/user/c1\","
        + "\"startedAt\":\"2024-05-01T12:00:00Z\"},"
        + "{\"prefix\":\"ESW.c2\",\"componentType\":\"Service\",\"connection\":\"ESW.c2-Service-http\","
        + "\"state\":\"Starting\",\"epoch\":4}]}"), written);
  }

  @Test
  void agentViewReadsBackToTheSameValue() {
    ComponentView running = new ComponentView("ESW.c1", "SequenceComponent", "ESW.c1-SequenceComponent-akka", "Running",
        Optional.of(4242L), 3, Optional.empty(), Optional.of(Instant.parse("2024-05-01T12:00:00.123Z")));
    AgentView agent = new AgentView("ESW.machine1", "host1", URI.create("akka://fleet@h:2552/user/agent"), List.of(running));

    assertEquals(agent, codecs.readRequest(codecs.write(agent), AgentView.class));
  }

  @Test
  void spawnRequestWithOnlyRequiredFieldsHasDefaults() {
    RestSpawnRequest request = codecs.readRequest(bytes("{\"kind\":\"sample\",\"prefix\":\"ESW.c9\"}"), RestSpawnRequest.class);

    assertEquals(new RestSpawnRequest("sample", "ESW.c9", Optional.empty(), List.of()), request);
  }

  @Test
  void spawnRequestWithAllFieldsReads() {
    RestSpawnRequest request = codecs.readRequest(
        bytes("{\"kind\":\"sample\",\"prefix\":\"ESW.c9\",\"componentType\":\"Service\",\"args\":[\"--x\"]}"),
        RestSpawnRequest.class);

    assertEquals(new RestSpawnRequest("sample", "ESW.c9", Optional.of("Service"), List.of("--x")), request);
  }

  @Test
  void spawnRequestWithoutKindNamesTheField() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> codecs.readRequest(bytes("{\"prefix\":\"ESW.c9\"}"), RestSpawnRequest.class));

    assertEquals("field 'kind' is required but missing", e.getMessage());
  }

  @Test
  void misspeltFieldIsReported() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> codecs.readRequest(bytes("{\"kind\":\"sample\",\"prefix\":\"ESW.c9\",\"arg\":[]}"), RestSpawnRequest.class));

    assertEquals("unknown field 'arg'; known fields: args, componentType, kind, prefix", e.getMessage());
  }

  @Test
  void killRequestReads() {
    assertEquals(new KillRequest("ESW.c9", "Service"),
        codecs.readRequest(bytes("{\"prefix\":\"ESW.c9\",\"componentType\":\"Service\"}"), KillRequest.class));
  }

  @Test
  void errorBodyIsErrorAndMessage() throws IOException {
    assertEquals(plain.readTree("{\"error\":\"NotFound\",\"message\":\"no agent ESW.machine9\"}"),
        plain.readTree(codecs.write(new ErrorBody("NotFound", "no agent ESW.machine9"))));
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
