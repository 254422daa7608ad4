package io.agentfleet.agentservice.app;

import static io.agentfleet.agentservice.testkit.KeycloakServer.FRONTEND_CLIENT;
import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.ServiceHttp;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.EswTs;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.MemberProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ESW's own TypeScript client ({@code @tmtsoftware/esw-ts} 0.4.1) as an ESW web app uses it: its
 * {@code AgentService()} factory resolves the Agent Service through the registry's CSW contract (the
 * agent's registry port, given to esw-ts as a web app's {@code config.js}), then spawns and kills a
 * sequence component with a real Keycloak operator token, and its {@code LocationService} reads the
 * agent's and the component's locations. Skipped, saying why, without Node or npm.
 */
class EswTsAgentServiceIT {
  private static final Path AGENT_JAR = Path.of("..", "agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path SERVICE_JAR = Path.of("target", "agent-service-app.jar");
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(180);

  private static EswTs eswTs;
  private static KeycloakServer keycloak;
  private static MemberProcess agent;
  private static MemberProcess service;
  private static int registryPort;

  @BeforeAll
  static void start() throws Exception {
    eswTs = EswTs.install(Path.of("target", "esw-ts"));
    if (!eswTs.available()) {
      return;
    }
    keycloak = KeycloakServer.shared();
    Path logs = Files.createDirectories(Path.of("target", "it-logs", "components")).toAbsolutePath();
    int seed = FreePorts.next();
    registryPort = FreePorts.next();
    agent = MemberProcess.start("agent-ESW.machine1", AGENT_JAR, registryPort, List.of("-Dagent.logs.directory=" + logs),
        List.of("--prefix", "ESW.machine1", "--cluster-port", "" + seed, "--registry-http-port", "" + registryPort, "--new-cluster"));
    agent.awaitHealthy(1, Duration.ofSeconds(90));
    int port = FreePorts.next();
    service = MemberProcess.start("agent-service", SERVICE_JAR, port,
        List.of("-Dagent-service.auth.keycloak-url=" + keycloak.baseUrl()),
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next(), "--seeds", "127.0.0.1:" + seed));
    ServiceHttp http = new ServiceHttp(URI.create("http://127.0.0.1:" + port));
    Eventually.await("the agent service answers (log: " + service.log() + ")", Duration.ofSeconds(90), () -> {
      try {
        return http.get("/health", null).statusCode() == 200;
      } catch (AssertionError e) {
        return false;
      }
    });
    // The service is found through the agent's registry once its registration has reached it.
    Eventually.await("the agent's registry has the agent service", Duration.ofSeconds(30),
        () -> io.agentfleet.location.testkit.JsonHttp.send(agent.httpBase(), "GET", "/api/v1/locations/ESW.agent_service-Service-http", null).status() == 200);
  }

  @AfterAll
  static void stop() {
    for (MemberProcess p : new MemberProcess[] {service, agent}) {
      if (p != null) {
        p.close();
      }
    }
  }

  @Test
  void eswTsAgentServiceSpawnsAndKillsThroughTheServiceItResolves() {
    eswTs.assumeAvailable();
    String operator = keycloak.token(REALM, FRONTEND_CLIENT, "operator", "operator-pw");
    Map<String, JsonNode> steps =
        eswTs.check(
            "agent-check.mjs",
            List.of("127.0.0.1", Integer.toString(registryPort), "ESW.machine1", "ts_c1"),
            Map.of("ESW_TS_TOKEN", operator),
            CHECK_TIMEOUT);
    for (String step : List.of("agent", "spawn", "spawned", "status", "kill", "killed")) {
      assertTrue(steps.containsKey(step), "agent-check.mjs printed no '" + step + "': " + steps);
    }

    JsonNode machine = steps.get("agent");
    assertEquals("AkkaLocation", machine.get("_type").asText(), machine.toString());
    assertEquals("Machine", machine.get("connection").get("componentType").asText());
    assertTrue(machine.get("uri").asText().startsWith("akka://"), machine.toString());

    assertEquals("Spawned", steps.get("spawn").get("_type").asText(), steps.get("spawn").toString());
    JsonNode spawned = steps.get("spawned");
    assertEquals(1, spawned.size(), spawned.toString());
    JsonNode component = spawned.get(0);
    assertEquals("ESW.ts_c1", component.get("connection").get("prefix").asText(), component.toString());
    assertEquals("SequenceComponent", component.get("connection").get("componentType").asText(), component.toString());
    assertEquals("ESW.machine1", component.path("metadata").path("agentPrefix").asText(), component.toString());
    assertTrue(component.get("metadata").has("PID"), component.toString());
    assertTrue(steps.get("status").toString().contains("ESW.ts_c1"), steps.get("status").toString());

    assertEquals("Killed", steps.get("kill").get("_type").asText(), steps.get("kill").toString());
    assertTrue(steps.get("killed").isEmpty(), steps.get("killed").toString());
  }
}
