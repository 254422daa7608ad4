package io.agentfleet.agentservice.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.api.ErrorBody;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.GetAgentStatus;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.KillComponent;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.SpawnComponent;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.SpawnSequenceComponent;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.SpawnSequenceManager;
import io.agentfleet.agentservice.api.protocol.AgentStatusResponse.LocationServiceError;
import io.agentfleet.agentservice.api.protocol.AgentStatusResponse.Success;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AgentServiceCodecsRoundTripTest {

  private final AgentServiceCodecs codecs = new AgentServiceCodecs();
  private final ObjectMapper plain = new ObjectMapper();

  @Test
  void spawnSequenceComponentWithoutVersionRoundTrips() {
    assertRequestRoundTrips(
        "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"componentName\":\"c1\",\"version\":[]}",
        new SpawnSequenceComponent("ESW.agent1", "c1", Optional.empty(), false));
  }

  @Test
  void spawnSequenceManagerWithVersionRoundTrips() {
    assertRequestRoundTrips(
        "{\"_type\":\"SpawnSequenceManager\",\"agentPrefix\":\"ESW.agent1\",\"obsModeConfigPath\":\"/p/obsmode.conf\","
            + "\"isConfigLocal\":true,\"version\":[\"1.0.0\"]}",
        new SpawnSequenceManager("ESW.agent1", "/p/obsmode.conf", true, Optional.of("1.0.0"), false));
  }

  @Test
  void killComponentRoundTrips() {
    assertRequestRoundTrips(
        "{\"_type\":\"KillComponent\",\"componentId\":{\"prefix\":\"ESW.c1\",\"componentType\":\"SequenceComponent\"}}",
        new KillComponent(new ComponentIdDto("ESW.c1", "SequenceComponent")));
  }

  @Test
  void getAgentStatusRoundTrips() {
    assertRequestRoundTrips("{\"_type\":\"GetAgentStatus\"}", new GetAgentStatus());
  }

  @Test
  void spawnComponentRoundTrips() {
    assertRequestRoundTrips(
        "{\"_type\":\"SpawnComponent\",\"agentPrefix\":\"ESW.agent1\",\"kind\":\"sample\",\"prefix\":\"ESW.c9\","
            + "\"componentType\":\"Service\",\"args\":[\"--x\"]}",
        new SpawnComponent("ESW.agent1", "sample", "ESW.c9", "Service", List.of("--x")));
  }

  @Test
  void spawnComponentWithoutArgsHasNoArgs() {
    AgentServiceRequest request = codecs.readRequest(
        "{\"_type\":\"SpawnComponent\",\"agentPrefix\":\"ESW.agent1\",\"kind\":\"sample\",\"prefix\":\"ESW.c9\","
            + "\"componentType\":\"Service\"}");

    assertEquals(new SpawnComponent("ESW.agent1", "sample", "ESW.c9", "Service", List.of()), request);
  }

  @Test
  void simulationIsWrittenOnlyWhenTrue() {
    assertRequestRoundTrips(
        "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"componentName\":\"c1\",\"version\":[],"
            + "\"simulation\":true}",
        new SpawnSequenceComponent("ESW.agent1", "c1", Optional.empty(), true));
    assertRequestRoundTrips(
        "{\"_type\":\"SpawnSequenceManager\",\"agentPrefix\":\"ESW.agent1\",\"obsModeConfigPath\":\"/p/obsmode.conf\","
            + "\"isConfigLocal\":false,\"version\":[],\"simulation\":true}",
        new SpawnSequenceManager("ESW.agent1", "/p/obsmode.conf", false, Optional.empty(), true));
  }

  @Test
  void explicitSimulationFalseReadsAsFalseAndIsNotWritten() {
    AgentServiceRequest request = codecs.readRequest(
        "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"componentName\":\"c1\",\"version\":[],"
            + "\"simulation\":false}");

    assertEquals(new SpawnSequenceComponent("ESW.agent1", "c1", Optional.empty(), false), request);
    assertEquals(
        tree("{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"componentName\":\"c1\",\"version\":[]}"),
        tree(codecs.writeRequest(request)));
  }

  @Test
  void absentVersionReadsAsEmpty() {
    AgentServiceRequest request = codecs.readRequest(
        "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"componentName\":\"c1\"}");

    assertEquals(new SpawnSequenceComponent("ESW.agent1", "c1", Optional.empty(), false), request);
  }

  @Test
  void spawnResponsesRoundTrip() {
    assertRoundTrips("{\"_type\":\"Spawned\"}", new Spawned(), codecs::readSpawnResponse, codecs::writeSpawnResponse);
    assertRoundTrips("{\"_type\":\"Failed\",\"msg\":\"no agent ESW.agent9\"}", new Failed("no agent ESW.agent9"),
        codecs::readSpawnResponse, codecs::writeSpawnResponse);
  }

  @Test
  void killResponsesRoundTrip() {
    assertRoundTrips("{\"_type\":\"Killed\"}", new Killed(), codecs::readKillResponse, codecs::writeKillResponse);
    assertRoundTrips("{\"_type\":\"Failed\",\"msg\":\"not running\"}", new Failed("not running"),
        codecs::readKillResponse, codecs::writeKillResponse);
  }

  @Test
  void agentStatusSuccessRoundTrips() {
    Success expected = new Success(
        List.of(new AgentStatus(
            new ComponentIdDto("ESW.agent1", "Machine"),
            List.of(new SequenceComponentStatus(new ComponentIdDto("ESW.c1", "SequenceComponent"), Optional.empty())))),
        List.of());

    assertRoundTrips(
        "{\"_type\":\"Success\",\"agentStatus\":[{\"agentId\":{\"prefix\":\"ESW.agent1\",\"componentType\":\"Machine\"},"
            + "\"seqCompsStatus\":[{\"seqCompId\":{\"prefix\":\"ESW.c1\",\"componentType\":\"SequenceComponent\"},"
            + "\"sequencerLocation\":[]}]}],\"seqCompsWithoutAgent\":[]}",
        expected, codecs::readAgentStatusResponse, codecs::writeAgentStatusResponse);
  }

  @Test
  void sequencerLocationIsAnArrayOfOneLocation() {
    LocationDto location = new LocationDto(
        new ConnectionDto("ESW.primary", "Sequencer", "akka"),
        URI.create("akka://fleet@10.0.0.5:2552/user/primary"),
        Map.of("PID", "4242"));
    Success expected = new Success(
        List.of(),
        List.of(new SequenceComponentStatus(new ComponentIdDto("ESW.c2", "SequenceComponent"), Optional.of(location))));

    assertRoundTrips(
        "{\"_type\":\"Success\",\"agentStatus\":[],\"seqCompsWithoutAgent\":[{\"seqCompId\":{\"prefix\":\"ESW.c2\","
            + "\"componentType\":\"SequenceComponent\"},\"sequencerLocation\":[{\"_type\":\"AkkaLocation\",\"connection\":"
            + "{\"prefix\":\"ESW.primary\",\"componentType\":\"Sequencer\",\"connectionType\":\"akka\"},"
            + "\"uri\":\"akka://fleet@10.0.0.5:2552/user/primary\",\"metadata\":{\"PID\":\"4242\"}}]}]}",
        expected, codecs::readAgentStatusResponse, codecs::writeAgentStatusResponse);
  }

  @Test
  void locationServiceErrorRoundTrips() {
    assertRoundTrips("{\"_type\":\"LocationServiceError\",\"reason\":\"registry unreachable\"}",
        new LocationServiceError("registry unreachable"),
        codecs::readAgentStatusResponse, codecs::writeAgentStatusResponse);
  }

  @Test
  void errorBodyRoundTrips() {
    assertRoundTrips("{\"error\":\"InvalidRequest\",\"message\":\"field 'agentPrefix' is required but missing\"}",
        new ErrorBody("InvalidRequest", "field 'agentPrefix' is required but missing"),
        codecs::readErrorBody, codecs::writeErrorBody);
  }

  @Test
  void responsesFromANewerServerWithExtraFieldsStillRead() {
    assertEquals(new Failed("x"), codecs.readSpawnResponse(bytes("{\"_type\":\"Failed\",\"msg\":\"x\",\"exitCode\":1}")));
  }

  private void assertRequestRoundTrips(String json, AgentServiceRequest expected) {
    assertRoundTrips(json, expected, codecs::readRequest, codecs::writeRequest);
  }

  private <T> void assertRoundTrips(String json, T expected, Function<byte[], ? extends T> read, Function<T, byte[]> write) {
    T decoded = read.apply(bytes(json));
    assertEquals(expected, decoded);
    assertEquals(tree(json), tree(write.apply(decoded)));
  }

  private JsonNode tree(String json) {
    return tree(bytes(json));
  }

  private JsonNode tree(byte[] json) {
    try {
      return plain.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
