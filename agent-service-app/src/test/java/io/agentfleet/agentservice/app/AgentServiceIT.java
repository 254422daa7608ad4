package io.agentfleet.agentservice.app;

import static io.agentfleet.agentservice.testkit.KeycloakServer.FRONTEND_CLIENT;
import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static io.agentfleet.agentservice.testkit.ServiceHttp.json;
import static io.agentfleet.agentservice.testkit.ServiceHttp.seqCompsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.ServiceHttp;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.MemberProcess;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End to end: a real Keycloak issuing real tokens, a real agent spawning real processes, and the
 * Agent Service from its executable jar in between, called over both of its APIs.
 */
class AgentServiceIT {
  private static final Path AGENT_JAR = Path.of("..", "agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path SERVICE_JAR = Path.of("target", "agent-service-app.jar");

  private static KeycloakServer keycloak;
  private static MemberProcess agent;
  private static MemberProcess service;
  private static URI base;
  private static ServiceHttp http;
  private static String operator;
  private static String viewer;
  private static String nobody;

  @BeforeAll
  static void start() throws Exception {
    keycloak = KeycloakServer.shared();
    Path logs = Files.createDirectories(Path.of("target", "it-logs", "components")).toAbsolutePath();
    int seed = FreePorts.next();
    int agentHttp = FreePorts.next();
    agent = MemberProcess.start("agent-ESW.machine1", AGENT_JAR, agentHttp, List.of("-Dagent.logs.directory=" + logs),
        List.of("--prefix", "ESW.machine1", "--cluster-port", "" + seed, "--registry-http-port", "" + agentHttp, "--new-cluster"));
    agent.awaitHealthy(1, Duration.ofSeconds(90));
    int port = FreePorts.next();
    service = MemberProcess.start("agent-service", SERVICE_JAR, port,
        // Agents' answers are kept far longer than any test runs, so a listing that shows a change shows it
        // because the spawn or kill invalidated the kept answer, not because the answer grew old.
        // Metrics behind the viewer role, as on a service reachable from untrusted networks.
        List.of("-Dagent-service.auth.keycloak-url=" + keycloak.baseUrl(), "-Dagent-service.status-cache.max-age=1h",
            "-Dagent-service.metrics.require-viewer-role=on"),
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next(), "--seeds", "127.0.0.1:" + seed));
    base = URI.create("http://127.0.0.1:" + port);
    http = new ServiceHttp(base);
    Eventually.await("the agent service answers (log: " + service.log() + ")", Duration.ofSeconds(90), () -> {
      try {
        return get("/health", null).statusCode() == 200;
      } catch (AssertionError e) {
        return false;
      }
    });
    operator = token("operator");
    viewer = token("viewer");
    nobody = token("nobody");
    Eventually.await("the service sees the agent", Duration.ofSeconds(30),
        () -> post("/post-endpoint", "{\"_type\":\"GetAgentStatus\"}", viewer).body().contains("ESW.machine1"));
  }

  @AfterAll
  static void stop() {
    for (MemberProcess p : new MemberProcess[] {service, agent}) {
      if (p != null) {
        p.close();
      }
    }
  }

  private static String token(String user) {
    return keycloak.token(REALM, FRONTEND_CLIENT, user, user + "-pw");
  }

  private static HttpResponse<String> send(String method, String path, String body, String token) {
    return http.send(method, path, body, token);
  }

  private static HttpResponse<String> post(String path, String body, String token) {
    return http.post(path, body, token);
  }

  private static HttpResponse<String> get(String path, String token) {
    return http.get(path, token);
  }

  private static JsonNode status() {
    HttpResponse<String> response = post("/post-endpoint", "{\"_type\":\"GetAgentStatus\"}", viewer);
    assertEquals(200, response.statusCode(), response.body());
    return json(response);
  }

  /** The prefixes of what the REST listing shows running on {@code agentPrefix}. */
  private static List<String> listedComponentsOf(String agentPrefix) {
    HttpResponse<String> response = get("/api/v1/agents", viewer);
    assertEquals(200, response.statusCode(), response.body());
    for (JsonNode agent : json(response)) {
      if (agent.get("prefix").asText().equals(agentPrefix)) {
        return java.util.stream.StreamSupport.stream(agent.get("components").spliterator(), false)
            .map(c -> c.get("prefix").asText()).toList();
      }
    }
    throw new AssertionError("agent " + agentPrefix + " is not listed: " + response.body());
  }

  @Test
  void spawnStatusAndKillOverThePostEndpoint() {
    assertFalse(listedComponentsOf("ESW.machine1").contains("ESW.c1"));
    HttpResponse<String> spawned = post("/post-endpoint",
        "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.machine1\",\"componentName\":\"c1\",\"version\":[]}", operator);
    assertEquals(200, spawned.statusCode(), spawned.body());
    assertEquals("{\"_type\":\"Spawned\"}", spawned.body());
    assertTrue(listedComponentsOf("ESW.machine1").contains("ESW.c1"), "listed right after the spawn");
    assertTrue(seqCompsOf(status(), "ESW.machine1").contains("ESW.c1"), "status lists ESW.c1 under its agent right after the spawn");

    HttpResponse<String> killed = post("/post-endpoint",
        "{\"_type\":\"KillComponent\",\"componentId\":{\"prefix\":\"ESW.c1\",\"componentType\":\"SequenceComponent\"}}", operator);
    assertEquals("{\"_type\":\"Killed\"}", killed.body());
    assertFalse(listedComponentsOf("ESW.machine1").contains("ESW.c1"), "gone from the listing right after the kill");
    assertFalse(seqCompsOf(status(), "ESW.machine1").contains("ESW.c1"), "status no longer lists ESW.c1 right after the kill");
  }

  @Test
  void sequenceManagerSpawnsAndDiesThroughTheRestKill() {
    HttpResponse<String> spawned = post("/post-endpoint",
        "{\"_type\":\"SpawnSequenceManager\",\"agentPrefix\":\"ESW.machine1\",\"obsModeConfigPath\":\"/p/obsmode.conf\",\"isConfigLocal\":true,\"version\":[\"1.0.0\"]}", operator);
    assertEquals("{\"_type\":\"Spawned\"}", spawned.body());
    HttpResponse<String> killed = send("DELETE", "/api/v1/components/ESW.sequence_manager-Service", null, operator);
    assertEquals(200, killed.statusCode(), killed.body());
    assertEquals("ESW.sequence_manager-Service-http", json(killed).get("killed").asText());
  }

  @Test
  void restSpawnListAndKill() {
    assertFalse(listedComponentsOf("ESW.machine1").contains("ESW.r1"), "the listing keeps the agent's answer from here on");
    HttpResponse<String> created = post("/api/v1/agents/ESW.machine1/components", "{\"kind\":\"sample\",\"prefix\":\"ESW.r1\"}", operator);
    assertEquals(201, created.statusCode(), created.body());
    JsonNode location = json(created);
    assertEquals("ESW.r1-Service-http", location.get("connection").asText());
    assertTrue(location.get("metadata").has("PID"));

    HttpResponse<String> again = post("/api/v1/agents/ESW.machine1/components", "{\"kind\":\"sample\",\"prefix\":\"ESW.r1\"}", operator);
    assertEquals(409, again.statusCode(), again.body());
    assertEquals("AlreadyRegistered", json(again).get("error").asText());

    assertTrue(listedComponentsOf("ESW.machine1").contains("ESW.r1"), "listed right after the spawn");
    HttpResponse<String> one = get("/api/v1/agents/ESW.machine1", viewer);
    assertEquals(200, one.statusCode(), one.body());
    assertTrue(json(one).get("components").toString().contains("ESW.r1-Service-http"), one.body());

    assertEquals(200, send("DELETE", "/api/v1/components/ESW.r1-Service-http", null, operator).statusCode());
    assertFalse(listedComponentsOf("ESW.machine1").contains("ESW.r1"), "gone from the listing right after the kill");
    assertEquals(404, send("DELETE", "/api/v1/components/ESW.r1-Service-http", null, operator).statusCode(), "the kill is seen at once");
  }

  @Test
  void anUnknownAgentIsNamed() {
    HttpResponse<String> wire = post("/post-endpoint",
        "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.nowhere\",\"componentName\":\"c9\",\"version\":[]}", operator);
    assertEquals("Failed", json(wire).get("_type").asText());
    assertTrue(json(wire).get("msg").asText().contains("ESW.nowhere"), wire.body());
    HttpResponse<String> rest = post("/api/v1/agents/ESW.nowhere/components", "{\"kind\":\"sample\",\"prefix\":\"ESW.r9\"}", operator);
    assertEquals(404, rest.statusCode(), rest.body());
    assertEquals(404, get("/api/v1/agents/ESW.nowhere", viewer).statusCode());
  }

  @ParameterizedTest(name = "{0} {1} as {2}")
  @CsvSource({
    "POST,/post-endpoint,none,401",
    "POST,/post-endpoint,garbage,401",
    "POST,/post-endpoint,nobody,403",
    "POST,/post-endpoint,viewer,200",
    "GET,/api/v1/agents,none,401",
    "GET,/api/v1/agents,nobody,403",
    "GET,/api/v1/agents,viewer,200",
    "GET,/api/v1/status,garbage,401",
    "GET,/api/v1/status,operator,200",
  })
  void readsNeedTheViewerOrOperatorRole(String method, String path, String who, int expected) {
    HttpResponse<String> response = send(method, path, path.equals("/post-endpoint") ? "{\"_type\":\"GetAgentStatus\"}" : null, tokenOf(who));
    assertEquals(expected, response.statusCode(), response.body());
    if (expected == 401) {
      assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), response.headers().toString());
    }
    if (expected >= 400) {
      assertTrue(json(response).has("error"), response.body());
    }
  }

  @ParameterizedTest(name = "{0} {1} as {3}")
  @CsvSource(delimiter = '|', value = {
    "POST|/post-endpoint|{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.machine1\",\"componentName\":\"x1\",\"version\":[]}|viewer|403",
    "POST|/post-endpoint|{\"_type\":\"KillComponent\",\"componentId\":{\"prefix\":\"ESW.x1\",\"componentType\":\"SequenceComponent\"}}|none|401",
    "POST|/api/v1/agents/ESW.machine1/components|{\"kind\":\"sample\",\"prefix\":\"ESW.x2\"}|viewer|403",
    "POST|/api/v1/agents/ESW.machine1/components|{\"kind\":\"sample\",\"prefix\":\"ESW.x2\"}|garbage|401",
    "DELETE|/api/v1/components/ESW.x2-Service||nobody|403",
  })
  void changesNeedTheOperatorRole(String method, String path, String body, String who, int expected) {
    HttpResponse<String> response = send(method, path, body == null || body.isEmpty() ? null : body, tokenOf(who));
    assertEquals(expected, response.statusCode(), response.body());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "malformed JSON|/post-endpoint|{\"_type\":",
    "unknown _type|/post-endpoint|{\"_type\":\"Reboot\"}",
    "missing field|/post-endpoint|{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.machine1\",\"version\":[]}",
    "bad prefix|/post-endpoint|{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"esw.machine1\",\"componentName\":\"c1\",\"version\":[]}",
    "bad component type|/post-endpoint|{\"_type\":\"KillComponent\",\"componentId\":{\"prefix\":\"ESW.c1\",\"componentType\":\"Widget\"}}",
    "REST malformed|/api/v1/agents/ESW.machine1/components|{\"kind\":",
    "REST bad prefix|/api/v1/agents/ESW.machine1/components|{\"kind\":\"sample\",\"prefix\":\"nope\"}",
    "REST bad agent|/api/v1/agents/machine1/components|{\"kind\":\"sample\",\"prefix\":\"ESW.r5\"}",
  })
  void badInputIs400WithAJsonError(String caseName, String path, String body) {
    HttpResponse<String> response = post(path, body, operator);
    assertEquals(400, response.statusCode(), response.body());
    JsonNode error = json(response);
    assertTrue(error.has("error") && !error.get("message").asText().isBlank(), response.body());
  }

  @Test
  void oversizedBodiesAre400() {
    String huge = "{\"_type\":\"GetAgentStatus\",\"x\":\"" + "a".repeat(70 * 1024) + "\"}";
    HttpResponse<String> response = post("/post-endpoint", huge, operator);
    assertEquals(400, response.statusCode(), response.body());
  }

  @Test
  void metricsCountRequestsAndNeedTheViewerRoleWhenConfigured() {
    assertEquals(200, post("/post-endpoint", "{\"_type\":\"GetAgentStatus\"}", viewer).statusCode());
    assertEquals(401, get("/metrics", null).statusCode());
    assertEquals(403, get("/metrics", nobody).statusCode());
    HttpResponse<String> metrics = get("/metrics", viewer);
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("agent_service_requests_total{route=\"post-endpoint\",status=\"200\"}"), metrics.body());
  }

  private static String tokenOf(String who) {
    return switch (who) {
      case "none" -> null;
      case "garbage" -> "not-a-token";
      case "operator" -> operator;
      case "viewer" -> viewer;
      default -> nobody;
    };
  }
}
