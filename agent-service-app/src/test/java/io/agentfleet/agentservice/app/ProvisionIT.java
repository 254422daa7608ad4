package io.agentfleet.agentservice.app;

import static io.agentfleet.agentservice.testkit.KeycloakServer.FRONTEND_CLIENT;
import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static io.agentfleet.agentservice.testkit.ServiceHttp.json;
import static io.agentfleet.agentservice.testkit.ServiceHttp.seqCompsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.ServiceFleet;
import io.agentfleet.agentservice.testkit.ServiceHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Provisioning as ESW's sequence manager asks for it, through {@code /post-endpoint}: three real agents
 * (JVMs of their own) spawning real processes, the Agent Service from its jar, real Keycloak tokens.
 */
class ProvisionIT {
  private static final List<String> AGENTS = List.of("ESW.machine1", "ESW.machine2", "IRIS.machine1");
  // Seven JVM starts on a busy two-core machine.
  private static final Duration PROVISION_WAIT = Duration.ofMinutes(4);

  private static KeycloakServer keycloak;
  private static ServiceFleet fleet;
  private static ServiceHttp http;
  private static String operator;
  private static String viewer;

  @BeforeAll
  static void start() {
    keycloak = KeycloakServer.shared();
    fleet = ServiceFleet.start("provision", AGENTS, keycloak);
    http = fleet.http();
    operator = keycloak.token(REALM, FRONTEND_CLIENT, "operator", "operator-pw");
    viewer = keycloak.token(REALM, FRONTEND_CLIENT, "viewer", "viewer-pw");
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void provisionPlacesAsEswReapplyChangesNothingAndASmallerConfigStopsOnlyTheDifference() {
    HttpResponse<String> first = provision(Map.of("ESW.machine1", 3, "ESW.machine2", 2, "IRIS.machine1", 2));
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("{\"_type\":\"Success\"}", first.body());
    JsonNode status = status();
    assertEquals(List.of("ESW.ESW_1", "ESW.ESW_2", "ESW.ESW_3"), seqCompsOf(status, "ESW.machine1"));
    assertEquals(List.of("ESW.ESW_4", "ESW.ESW_5"), seqCompsOf(status, "ESW.machine2"));
    assertEquals(List.of("IRIS.IRIS_1", "IRIS.IRIS_2"), seqCompsOf(status, "IRIS.machine1"));
    Map<String, String> runs = runs();
    assertEquals(7, runs.size(), runs.toString());

    HttpResponse<String> again = provision(Map.of("ESW.machine1", 3, "ESW.machine2", 2, "IRIS.machine1", 2));
    assertEquals("{\"_type\":\"Success\"}", again.body());
    assertEquals(runs, runs(), "the same processes (PID, epoch) run: nothing was started or stopped");

    String smaller = config(Map.of("ESW.machine1", 3, "ESW.machine2", 1, "IRIS.machine1", 1));
    HttpResponse<String> plan = http.post("/api/v1/provision/plan", smaller, operator);
    assertEquals(200, plan.statusCode(), plan.body());
    assertEquals(List.of("ESW.ESW_5", "IRIS.IRIS_2"), prefixes(json(plan).get("stop")));
    assertEquals(List.of(), prefixes(json(plan).get("start")));
    assertEquals(runs, runs(), "a plan changes nothing");

    HttpResponse<String> shrunk = http.send("POST", "/post-endpoint", "{\"_type\":\"Provision\",\"config\":" + smaller + "}", operator, PROVISION_WAIT);
    assertEquals("{\"_type\":\"Success\"}", shrunk.body());
    Map<String, String> expected = new TreeMap<>(runs);
    expected.remove("ESW.ESW_5");
    expected.remove("IRIS.IRIS_2");
    assertEquals(expected, runs(), "only ESW.ESW_5 and IRIS.IRIS_2 were stopped; the rest kept running as they were");
    assertEquals(List.of("IRIS.IRIS_1"), seqCompsOf(status(), "IRIS.machine1"));

    HttpResponse<String> none = http.send("POST", "/api/v1/provision", config(Map.of()), operator, PROVISION_WAIT);
    assertEquals(200, none.statusCode(), none.body());
    assertEquals(5, json(none).get("plan").get("stop").size(), none.body());
    assertEquals(Map.of(), runs(), "an empty config stops every sequence component");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "an agent twice|[{\"agentPrefix\":\"ESW.machine1\",\"countOfSeqComps\":1},{\"agentPrefix\":\"ESW.machine1\",\"countOfSeqComps\":2}]|more than one for ESW.machine1",
    "a negative count|[{\"agentPrefix\":\"ESW.machine1\",\"countOfSeqComps\":1},{\"agentPrefix\":\"IRIS.machine1\",\"countOfSeqComps\":-1}]|countOfSeqComps of IRIS.machine1 is -1",
    "a bad prefix|[{\"agentPrefix\":\"ESW.machine1\",\"countOfSeqComps\":1},{\"agentPrefix\":\"machine2\",\"countOfSeqComps\":1}]|invalid prefix 'machine2'",
  })
  void anInvalidConfigIs400AndStartsNothing(String caseName, String entries, String named) {
    Map<String, String> before = runs();
    HttpResponse<String> response = http.send("POST", "/post-endpoint",
        "{\"_type\":\"Provision\",\"config\":{\"config\":" + entries + "}}", operator, PROVISION_WAIT);
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(json(response).get("message").asText().contains(named), response.body());
    assertEquals(before, runs(), "nothing was started or stopped");
  }

  @Test
  void unknownAgentsAreAllNamedAndNothingStarts() {
    Map<String, String> before = runs();
    HttpResponse<String> response = http.send("POST", "/post-endpoint", "{\"_type\":\"Provision\",\"config\":{\"config\":["
        + "{\"agentPrefix\":\"ESW.machine1\",\"countOfSeqComps\":1},{\"agentPrefix\":\"ESW.nowhere\",\"countOfSeqComps\":1},"
        + "{\"agentPrefix\":\"TCS.nowhere\",\"countOfSeqComps\":2}]}}", operator, PROVISION_WAIT);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("{\"_type\":\"CouldNotFindMachines\",\"prefix\":[\"ESW.nowhere\",\"TCS.nowhere\"]}", response.body());
    assertEquals(before, runs(), "nothing was started or stopped");
    HttpResponse<String> rest = http.post("/api/v1/provision",
        "{\"config\":[{\"agentPrefix\":\"ESW.machine1\",\"countOfSeqComps\":1},{\"agentPrefix\":\"ESW.nowhere\",\"countOfSeqComps\":1}]}", operator);
    assertEquals(404, rest.statusCode(), rest.body());
    assertTrue(json(rest).get("message").asText().contains("ESW.nowhere"), rest.body());
    assertEquals(before, runs(), "nothing was started or stopped");
  }

  @Test
  void provisioningNeedsTheOperatorRole() {
    HttpResponse<String> response = http.post("/post-endpoint", "{\"_type\":\"Provision\",\"config\":" + config(Map.of("ESW.machine1", 1)) + "}", viewer);
    assertEquals(403, response.statusCode(), response.body());
    assertEquals(403, http.post("/api/v1/provision/plan", config(Map.of()), viewer).statusCode());
  }

  private static HttpResponse<String> provision(Map<String, Integer> counts) {
    return http.send("POST", "/post-endpoint", "{\"_type\":\"Provision\",\"config\":" + config(counts) + "}", operator, PROVISION_WAIT);
  }

  /** The config in AGENTS order (which numbers the components), only with the agents {@code counts} names. */
  private static String config(Map<String, Integer> counts) {
    List<String> entries = AGENTS.stream().filter(counts::containsKey)
        .map(a -> "{\"agentPrefix\":\"" + a + "\",\"countOfSeqComps\":" + counts.get(a) + "}").toList();
    return "{\"config\":[" + String.join(",", entries) + "]}";
  }

  private static JsonNode status() {
    HttpResponse<String> response = http.post("/post-endpoint", "{\"_type\":\"GetAgentStatus\"}", viewer);
    assertEquals(200, response.statusCode(), response.body());
    return json(response);
  }

  /** Every sequence component the agents run: prefix → agent, PID and epoch of its run. */
  private static Map<String, String> runs() {
    HttpResponse<String> response = http.get("/api/v1/agents", viewer);
    assertEquals(200, response.statusCode(), response.body());
    Map<String, String> runs = new TreeMap<>();
    for (JsonNode agent : json(response)) {
      for (JsonNode c : agent.get("components")) {
        if (c.get("componentType").asText().equals("SequenceComponent")) {
          runs.put(c.get("prefix").asText(), agent.get("prefix").asText() + " pid " + c.path("pid").asText() + " epoch " + c.get("epoch").asText()
              + " " + c.get("state").asText());
        }
      }
    }
    return runs;
  }

  private static List<String> prefixes(JsonNode placements) {
    List<String> prefixes = new ArrayList<>();
    placements.forEach(p -> prefixes.add(p.get("prefix").asText()));
    return prefixes;
  }
}
