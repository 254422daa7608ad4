package io.agentfleet.agentservice.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.api.InvalidRequestException;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.Provision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ESW's sequence-manager {@code Provision} request and its answers, byte for byte as ESW writes them. */
class ProvisionCodecsTest {
  private final AgentServiceCodecs codecs = new AgentServiceCodecs();
  private final ObjectMapper plain = new ObjectMapper();

  @Test
  void provisionRequestRoundTrips() {
    String json = "{\"_type\":\"Provision\",\"config\":{\"config\":[{\"agentPrefix\":\"ESW.machine1\",\"countOfSeqComps\":2},"
        + "{\"agentPrefix\":\"IRIS.machine1\",\"countOfSeqComps\":0}]}}";
    Provision expected = new Provision(new ProvisionConfig(List.of(
        new AgentProvisionConfig("ESW.machine1", 2), new AgentProvisionConfig("IRIS.machine1", 0))));

    AgentServiceRequest read = codecs.readRequest(json);

    assertEquals(expected, read);
    assertEquals(tree(json), tree(codecs.writeRequest(read)));
  }

  @Test
  void aProvisionWithoutCountOrConfigIsRefusedNamingTheField() {
    InvalidRequestException noCount = assertThrows(InvalidRequestException.class, () -> codecs.readRequest(
        "{\"_type\":\"Provision\",\"config\":{\"config\":[{\"agentPrefix\":\"ESW.machine1\"}]}}"));
    InvalidRequestException noConfig = assertThrows(InvalidRequestException.class, () -> codecs.readRequest(
        "{\"_type\":\"Provision\",\"config\":{}}"));
    InvalidRequestException textCount = assertThrows(InvalidRequestException.class, () -> codecs.readRequest(
        "{\"_type\":\"Provision\",\"config\":{\"config\":[{\"agentPrefix\":\"ESW.machine1\",\"countOfSeqComps\":\"2\"}]}}"));

    assertTrue(noCount.getMessage().contains("countOfSeqComps"), noCount.getMessage());
    assertTrue(noConfig.getMessage().contains("config"), noConfig.getMessage());
    assertTrue(textCount.getMessage().contains("countOfSeqComps"), textCount.getMessage());
  }

  @Test
  void everyProvisionResponseRoundTrips() {
    assertResponseRoundTrips("{\"_type\":\"Success\"}", new ProvisionResponse.Success());
    assertResponseRoundTrips("{\"_type\":\"CouldNotFindMachines\",\"prefix\":[\"ESW.machine9\",\"IRIS.machine9\"]}",
        new ProvisionResponse.CouldNotFindMachines(List.of("ESW.machine9", "IRIS.machine9")));
    assertResponseRoundTrips("{\"_type\":\"SpawningSequenceComponentsFailed\",\"failureResponses\":[\"starting ESW.ESW_1 failed\"]}",
        new ProvisionResponse.SpawningSequenceComponentsFailed(List.of("starting ESW.ESW_1 failed")));
    assertResponseRoundTrips("{\"_type\":\"LocationServiceError\",\"reason\":\"registry unavailable\"}",
        new AgentStatusResponse.LocationServiceError("registry unavailable"));
    assertResponseRoundTrips("{\"_type\":\"Unhandled\",\"state\":\"Processing\",\"messageType\":\"Provision\",\"msg\":\"busy\"}",
        new ProvisionResponse.Unhandled("Processing", "Provision", "busy"));
    assertResponseRoundTrips("{\"_type\":\"FailedResponse\",\"reason\":\"agent ESW.machine1 did not answer\"}",
        new ProvisionResponse.FailedResponse("agent ESW.machine1 did not answer"));
  }

  private void assertResponseRoundTrips(String json, ProvisionResponse expected) {
    ProvisionResponse read = codecs.readProvisionResponse(json.getBytes(StandardCharsets.UTF_8));
    assertEquals(expected, read);
    assertEquals(tree(json), tree(codecs.writeProvisionResponse(read)));
  }

  private JsonNode tree(String json) {
    return tree(json.getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode tree(byte[] json) {
    try {
      return plain.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
