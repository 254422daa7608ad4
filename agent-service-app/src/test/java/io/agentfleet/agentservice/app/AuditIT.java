package io.agentfleet.agentservice.app;

import static io.agentfleet.agentservice.testkit.KeycloakServer.FRONTEND_CLIENT;
import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static io.agentfleet.agentservice.testkit.ServiceHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.ServiceHttp;
import io.agentfleet.location.testkit.ComponentInstances;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.MemberProcess;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit log of a real Agent Service with a real agent and real Keycloak tokens: changes and refusals
 * through both APIs show up in {@code GET /api/v1/audit} and in the file, with who asked.
 */
class AuditIT {
  private static final Path AGENT_JAR = Path.of("..", "agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path SERVICE_JAR = Path.of("target", "agent-service-app.jar");
  private static final String AGENT = "ESW.audithost1";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Small, so that the requests of the test rotate the file a few times. */
  private static final long MAX_FILE_SIZE = 2048;

  private static KeycloakServer keycloak;
  private static MemberProcess agent;
  private static MemberProcess service;
  private static ServiceHttp http;
  private static Path auditFile;

  @BeforeAll
  static void start() throws Exception {
    keycloak = KeycloakServer.shared();
    Path logs = Files.createDirectories(Path.of("target", "it-logs", "components")).toAbsolutePath();
    auditFile = Files.createDirectories(Path.of("target", "it-audit", "run-" + System.currentTimeMillis())).toAbsolutePath().resolve("audit.jsonl");
    int seed = FreePorts.next();
    int agentHttp = FreePorts.next();
    agent = MemberProcess.start("audit-agent-" + AGENT, AGENT_JAR, agentHttp, List.of("-Dagent.logs.directory=" + logs),
        List.of("--prefix", AGENT, "--cluster-port", "" + seed, "--registry-http-port", "" + agentHttp, "--new-cluster"));
    agent.awaitHealthy(1, Duration.ofSeconds(90));
    int port = FreePorts.next();
    service = MemberProcess.start("audit-agent-service", SERVICE_JAR, port,
        List.of("-Dagent-service.auth.keycloak-url=" + keycloak.baseUrl(), "-Dagent-service.audit.file=" + auditFile,
            "-Dagent-service.audit.max-file-size=" + MAX_FILE_SIZE),
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next(), "--seeds", "127.0.0.1:" + seed));
    http = new ServiceHttp(URI.create("http://127.0.0.1:" + port));
    String viewer = token("viewer");
    Eventually.await("the service sees the agent (log: " + service.log() + ")", Duration.ofSeconds(90), () -> {
      try {
        return http.post("/post-endpoint", "{\"_type\":\"GetAgentStatus\"}", viewer).body().contains(AGENT);
      } catch (AssertionError notYet) {
        return false;
      }
    });
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

  /** What the audit entry of one request must say: user, action, component, status, result. */
  private record Expected(String user, String action, String component, int status, String result) {}

  @Test
  void changesAndRefusalsThroughBothApisAreAuditedWithWhoAskedInTheApiAndTheFile() throws Exception {
    Instant before = Instant.now();
    String operator = token("operator");
    Map<String, Expected> expected = new LinkedHashMap<>();

    expect(expected, http.post("/post-endpoint", "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"" + AGENT
        + "\",\"componentName\":\"audit_esw\",\"version\":[]}", operator), 200, new Expected("operator", "spawn", "ESW.audit_esw", 200, "Spawned"));
    expect(expected, http.post("/post-endpoint", "{\"_type\":\"KillComponent\",\"componentId\":{\"prefix\":\"ESW.audit_esw\","
        + "\"componentType\":\"SequenceComponent\"}}", operator), 200, new Expected("operator", "kill", "ESW.audit_esw", 200, "Killed"));
    expect(expected, http.post("/api/v1/agents/" + AGENT + "/components", "{\"kind\":\"sample\",\"prefix\":\"ESW.audit_rest\"}", operator),
        201, new Expected("operator", "spawn", "ESW.audit_rest", 201, "Spawned"));
    expect(expected, http.send("DELETE", "/api/v1/components/ESW.audit_rest-Service", null, operator),
        200, new Expected("operator", "kill", "ESW.audit_rest", 200, "Killed"));
    expect(expected, http.post("/post-endpoint", "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"" + AGENT
        + "\",\"componentName\":\"audit_denied\",\"version\":[]}", token("viewer")), 403, new Expected("viewer", "spawn", "ESW.audit_denied", 403, "Forbidden"));
    expect(expected, http.send("DELETE", "/api/v1/components/ESW.audit_esw-SequenceComponent", null, null),
        401, new Expected("anonymous", "kill", "ESW.audit_esw", 401, "Unauthorized"));
    expect(expected, http.send("PUT", "/api/v1/managed-components/ESW.audit_managed",
        "{\"kind\":\"sample\",\"componentType\":\"Service\",\"agents\":[\"" + AGENT + "\"]}", token("viewer")),
        403, new Expected("viewer", "manage", "ESW.audit_managed", 403, "Forbidden"));
    expect(expected, http.send("DELETE", "/api/v1/managed-components/ESW.audit_managed", null, operator),
        404, new Expected("operator", "unmanage", "ESW.audit_managed", 404, "NotManaged"));
    // A read is not audited.
    HttpResponse<String> read = http.post("/post-endpoint", "{\"_type\":\"GetAgentStatus\"}", operator);
    // Enough refused kills to rotate the file a few times.
    for (int i = 0; i < 20; i++) {
      assertEquals(401, http.send("DELETE", "/api/v1/components/ESW.audit_filler" + i + "-Service", null, null).statusCode());
    }

    String viewer = token("viewer");
    Map<String, JsonNode> listed = new LinkedHashMap<>();
    // Lines reach the file through a queue: poll until the last one is there.
    Eventually.await("the audit lists every request and the last filler", Duration.ofSeconds(30), () -> {
      listed.clear();
      HttpResponse<String> audit = http.get("/api/v1/audit?limit=50", viewer);
      for (JsonNode entry : json(audit)) {
        listed.put(entry.get("requestId").asText(), entry);
      }
      return listed.keySet().containsAll(expected.keySet())
          && listed.values().stream().anyMatch(e -> e.path("component").asText().equals("ESW.audit_filler19"));
    });

    for (Map.Entry<String, Expected> e : expected.entrySet()) {
      JsonNode entry = listed.get(e.getKey());
      Expected want = e.getValue();
      assertEquals(want, new Expected(entry.get("user").asText(), entry.get("action").asText(), entry.path("component").asText(),
          entry.get("status").asInt(), entry.get("result").asText()), entry.toString());
      assertEquals("127.0.0.1", entry.get("address").asText(), entry.toString());
      if (!want.user().equals("anonymous")) {
        assertEquals(FRONTEND_CLIENT, entry.get("client").asText(), "the token's azp: " + entry);
      }
      Instant time = Instant.parse(entry.get("time").asText());
      assertTrue(!time.isBefore(before.minusSeconds(1)), "recorded during the test: " + entry);
    }
    assertEquals(AGENT, listed.get(expected.keySet().iterator().next()).get("agent").asText(), "an ESW spawn names its agent");
    assertFalse(listed.containsKey(read.headers().firstValue("X-Request-Id").orElse("none")), "reads are not audited");

    Path rotated = auditFile.resolveSibling("audit.jsonl.1");
    assertTrue(Files.exists(rotated), "the file rotated at " + MAX_FILE_SIZE + " bytes");
    Map<String, JsonNode> inFile = new LinkedHashMap<>();
    for (int n = 10; n >= 0; n--) {
      Path file = n == 0 ? auditFile : auditFile.resolveSibling("audit.jsonl." + n);
      if (!Files.exists(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      // The size is checked before each line is written: a file passes the limit by one line at most.
      assertTrue(Files.size(file) - lines.get(lines.size() - 1).length() - 1 < MAX_FILE_SIZE, file + " is " + Files.size(file) + " bytes");
      for (String line : lines) {
        JsonNode entry = JSON.readTree(line);
        inFile.put(entry.get("requestId").asText(), entry);
      }
    }
    for (String id : expected.keySet()) {
      assertEquals(listed.get(id), inFile.get(id), "the file holds the line the API shows");
    }
    assertEquals(List.of(), ComponentInstances.startingWith("ESW.audit_"), "no component left running");

    HttpResponse<String> tooMany = http.get("/api/v1/audit?limit=1001", viewer);
    assertEquals(400, tooMany.statusCode(), tooMany.body());
    assertEquals(401, http.get("/api/v1/audit", null).statusCode(), "reading the audit needs a token");
    assertEquals(1, StreamSupport.stream(json(http.get("/api/v1/audit?limit=1", viewer)).spliterator(), false).count());
  }

  private static void expect(Map<String, Expected> expected, HttpResponse<String> response, int status, Expected entry) {
    assertEquals(status, response.statusCode(), response.body());
    expected.put(response.headers().firstValue("X-Request-Id").orElseThrow(() -> new AssertionError("no X-Request-Id: " + response.headers())), entry);
  }
}
