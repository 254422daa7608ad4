package io.agentfleet.agentservice.app;

import static io.agentfleet.agentservice.testkit.KeycloakServer.FRONTEND_CLIENT;
import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static io.agentfleet.agentservice.testkit.ServiceHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.ServiceFleet;
import io.agentfleet.agentservice.testkit.ServiceHttp;
import io.agentfleet.location.testkit.Eventually;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Provision files through {@code /api/v1/provisions}: three real agents spawning real component JVMs, the
 * Agent Service from its jar (with the failover decider for the components with backups), real
 * Keycloak tokens.
 */
class ProvisionFileIT {
  private static final List<String> AGENTS = List.of("ESW.pfhost1", "ESW.pfhost2", "ESW.pfhost3");
  // Component JVM starts queue behind each other on a busy two-core machine.
  private static final Duration JOB_WITHIN = Duration.ofMinutes(3);

  private static final String THREE = """
      # the observatory's components: pf_c fails over to pfhost1, then pfhost2
      name = pf-observatory
      components = [
        { prefix = "ESW.pf_a", kind = sample, type = Service, agents = ["ESW.pfhost1"] }
        { prefix = "ESW.pf_b", kind = sample, type = Service, agents = ["ESW.pfhost2"], args = [] }
        { prefix = "ESW.pf_c", kind = sample, type = Service, agents = ["ESW.pfhost3", "ESW.pfhost1", "ESW.pfhost2"] }
      ]
      """;
  private static final String ONE = """
      {"name": "pf-observatory", "components": [
        {"prefix": "ESW.pf_a", "kind": "sample", "type": "Service", "agents": ["ESW.pfhost1"]}]}
      """;

  private static KeycloakServer keycloak;
  private static ServiceFleet fleet;
  private static ServiceHttp http;
  private static String operator;
  private static String viewer;

  @BeforeAll
  static void start() {
    keycloak = KeycloakServer.shared();
    fleet = ServiceFleet.start("provfile", AGENTS, keycloak);
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
  void planApplyReapplyAndASmallerFileStopsOnlyWhatTheProvisionPlaced() {
    // An invalid file is refused whole, every problem named, before anything starts.
    HttpResponse<String> invalid = http.post("/api/v1/provisions", """
        name = pf-observatory
        components = [
          { prefix = "ESW.pf_a", kind = sample, type = Service, agents = ["ESW.pfhost1"] }
          { prefix = "ESW.pf_a", kind = sample, type = Service, agents = ["ESW.pfhost2", "ESW.pfhost2"] }
          { prefix = "pf_x", kind = sample, type = Gadget, agents = [] }
        ]
        """, operator);
    assertEquals(400, invalid.statusCode(), invalid.body());
    assertEquals("InvalidProvisionFile", json(invalid).get("error").asText());
    assertEquals(5, json(invalid).get("problems").size(), invalid.body());
    assertEquals(400, http.post("/api/v1/provisions/plan", "name = [", operator).statusCode());
    assertEquals(Map.of(), runs(), "nothing was started");

    // A component no provision placed is never stopped by one.
    HttpResponse<String> byHand = http.post("/api/v1/agents/ESW.pfhost2/components", "{\"kind\":\"sample\",\"prefix\":\"ESW.pf_hand\"}", operator);
    assertEquals(201, byHand.statusCode(), byHand.body());

    HttpResponse<String> plan = http.post("/api/v1/provisions/plan", THREE, operator);
    assertEquals(200, plan.statusCode(), plan.body());
    assertEquals(List.of("ESW.pf_a", "ESW.pf_b", "ESW.pf_c"), prefixes(json(plan).get("start")));
    assertEquals(List.of(), prefixes(json(plan).get("stop")));
    assertTrue(json(plan).get("start").get(2).get("managed").asBoolean(), plan.body());
    assertEquals(List.of("ESW.pf_hand"), List.copyOf(runs().keySet()), "a plan starts nothing");

    JsonNode first = applied(THREE);
    assertEquals("Succeeded", first.get("state").asText(), first.toString());
    assertEquals(Map.of("ESW.pf_a", "Running", "ESW.pf_b", "Running", "ESW.pf_c", "Running"), statuses(first));
    Map<String, String> runs = runs();
    assertTrue(runs.get("ESW.pf_a").startsWith("ESW.pfhost1 "), runs.toString());
    assertTrue(runs.get("ESW.pf_b").startsWith("ESW.pfhost2 "), runs.toString());
    assertTrue(runs.get("ESW.pf_c").startsWith("ESW.pfhost3 "), runs.toString());
    HttpResponse<String> managed = http.get("/api/v1/managed-components/ESW.pf_c", viewer);
    assertEquals(200, managed.statusCode(), "a component with backups is managed: " + managed.body());

    JsonNode again = applied(THREE);
    assertEquals(Map.of("ESW.pf_a", "keep", "ESW.pf_b", "keep", "ESW.pf_c", "keep"), actions(again));
    assertEquals(runs, runs(), "the same processes (PID, epoch) run: a re-apply starts nothing");

    // New backups for a kept managed component: taken without a restart.
    JsonNode reordered = applied(THREE.replace("[\"ESW.pfhost3\", \"ESW.pfhost1\", \"ESW.pfhost2\"]", "[\"ESW.pfhost3\", \"ESW.pfhost2\"]"));
    assertEquals("Succeeded", reordered.get("state").asText(), reordered.toString());
    assertEquals(runs, runs(), "nothing restarted");
    JsonNode policy = json(http.get("/api/v1/managed-components/ESW.pf_c", viewer)).get("policy");
    assertEquals("[\"ESW.pfhost3\",\"ESW.pfhost2\"]", policy.get("agents").toString(), policy.toString());

    HttpResponse<String> smallerPlan = http.post("/api/v1/provisions/plan", ONE, operator);
    assertEquals(List.of("ESW.pf_b", "ESW.pf_c"), prefixes(json(smallerPlan).get("stop")), smallerPlan.body());
    assertEquals(List.of("ESW.pf_a"), prefixes(json(smallerPlan).get("keep")), smallerPlan.body());
    JsonNode smaller = applied(ONE);
    assertEquals(Map.of("ESW.pf_a", "Running", "ESW.pf_b", "Stopped", "ESW.pf_c", "Stopped"), statuses(smaller), smaller.toString());
    Map<String, String> expected = new TreeMap<>(runs);
    expected.remove("ESW.pf_b");
    expected.remove("ESW.pf_c");
    assertEquals(expected, runs(), "only pf_b and pf_c stopped; pf_a and the one started by hand run as they were");
    assertEquals(404, http.get("/api/v1/managed-components/ESW.pf_c", viewer).statusCode(), "pf_c is no longer managed");
  }

  @Test
  void unknownAgentsAreNamedAndTheRolesHold() {
    HttpResponse<String> unknown = http.post("/api/v1/provisions", """
        name = pf-elsewhere
        components = [ { prefix = "ESW.pf_far", kind = sample, type = Service, agents = ["ESW.pfnowhere", "TCS.pfnowhere"] } ]
        """, operator);
    assertEquals(404, unknown.statusCode(), unknown.body());
    assertTrue(json(unknown).get("message").asText().contains("ESW.pfnowhere, TCS.pfnowhere"), unknown.body());
    assertTrue(!runs().containsKey("ESW.pf_far"), "nothing was started");
    Eventually.await("the refused apply is in the audit log", Duration.ofSeconds(30), () -> {
      for (JsonNode entry : json(http.get("/api/v1/audit?limit=1000", viewer))) {
        if (entry.path("action").asText().equals("provision") && entry.path("status").asInt() == 404
            && entry.path("user").asText().equals("operator")) {
          return true;
        }
      }
      return false;
    });
    assertEquals(403, http.post("/api/v1/provisions", ONE, viewer).statusCode());
    assertEquals(403, http.post("/api/v1/provisions/plan", ONE, viewer).statusCode());
    assertEquals(401, http.post("/api/v1/provisions/plan", ONE, "not-a-token").statusCode());
    HttpResponse<String> noJob = http.get("/api/v1/provisions/no-such-job", viewer);
    assertEquals(404, noJob.statusCode(), noJob.body());
    assertEquals("UnknownProvisionJob", json(noJob).get("error").asText());
  }

  /** Applies {@code file} and polls its job until it is done; the job as it ended. */
  private static JsonNode applied(String file) {
    HttpResponse<String> accepted = http.send("POST", "/api/v1/provisions", file, operator, JOB_WITHIN);
    assertEquals(202, accepted.statusCode(), accepted.body());
    String id = json(accepted).get("id").asText();
    assertEquals("Running", json(accepted).get("state").asText(), "answered once under way: " + accepted.body());
    json(accepted).get("components").forEach(c -> assertEquals(c.get("action").asText().equals("keep") ? "Running" : "Pending",
        c.get("status").asText(), accepted.body()));
    assertEquals("/api/v1/provisions/" + id, accepted.headers().firstValue("Location").orElse(""));
    JsonNode ended = Eventually.awaitValue("provision job " + id + " ends", JOB_WITHIN, () -> {
      HttpResponse<String> job = http.get("/api/v1/provisions/" + id, viewer);
      assertEquals(200, job.statusCode(), job.body());
      return json(job);
    }, job -> !job.get("state").asText().equals("Running"));
    System.out.printf("provision job %s: %s of %s in %d ms%n", id, ended.get("state").asText(), actions(ended),
        Duration.between(java.time.Instant.parse(ended.get("startedAt").asText()), java.time.Instant.parse(ended.get("finishedAt").asText())).toMillis());
    return ended;
  }

  private static Map<String, String> statuses(JsonNode job) {
    return byPrefix(job, "status");
  }

  private static Map<String, String> actions(JsonNode job) {
    return byPrefix(job, "action");
  }

  private static Map<String, String> byPrefix(JsonNode job, String field) {
    Map<String, String> all = new TreeMap<>();
    job.get("components").forEach(c -> all.put(c.get("prefix").asText(), c.get(field).asText()));
    return all;
  }

  /** Every component the agents run: prefix → agent, PID and epoch of its run. */
  private static Map<String, String> runs() {
    HttpResponse<String> response = http.get("/api/v1/agents", viewer);
    assertEquals(200, response.statusCode(), response.body());
    Map<String, String> runs = new TreeMap<>();
    for (JsonNode agent : json(response)) {
      for (JsonNode c : agent.get("components")) {
        runs.put(c.get("prefix").asText(), agent.get("prefix").asText() + " pid " + c.path("pid").asText() + " epoch " + c.get("epoch").asText()
            + " " + c.get("state").asText());
      }
    }
    return runs;
  }

  private static List<String> prefixes(JsonNode components) {
    List<String> prefixes = new ArrayList<>();
    components.forEach(c -> prefixes.add(c.get("prefix").asText()));
    return prefixes;
  }
}
