package io.agentfleet.cli;

import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.ServiceHttp;
import io.agentfleet.location.testkit.Eventually;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet audit} from the CLI's jar against a real Agent Service and Keycloak. The service runs alone
 * in its cluster: the audited requests are refusals (no agent needed), which the audit records like changes.
 */
class FleetCliAuditIT {
  private static final Path CLI_JAR = Path.of("target", "fleet-cli.jar");
  private static final Path SERVICE_JAR = Path.of("..", "agent-service-app", "target", "agent-service-app.jar");
  private static final Duration CLI_WITHIN = Duration.ofSeconds(90);

  private static KeycloakServer keycloak;
  private static MemberProcess service;
  private static String serviceUrl;

  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    keycloak = KeycloakServer.shared();
    Path auditFile = Files.createDirectories(Path.of("target", "it-audit", "cli-" + System.currentTimeMillis())).toAbsolutePath().resolve("audit.jsonl");
    int port = FreePorts.next();
    service = MemberProcess.start("cli-audit-agent-service", SERVICE_JAR, port,
        List.of("-Dagent-service.auth.keycloak-url=" + keycloak.baseUrl(), "-Dagent-service.audit.file=" + auditFile),
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next(), "--new-cluster"));
    serviceUrl = "http://127.0.0.1:" + port;
    ServiceHttp http = new ServiceHttp(URI.create(serviceUrl));
    Eventually.await("the agent service answers (log: " + service.log() + ")", Duration.ofSeconds(120), () -> {
      try {
        return http.get("/health", null, Duration.ofSeconds(10)).statusCode() == 200;
      } catch (RuntimeException | AssertionError notYet) {
        return false;
      }
    });
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private CliRun fleet(String stdin, String... args) {
    return CliRun.run(CLI_JAR, Map.of(
        "HOME", home.toString(),
        "FLEET_SERVICE_URL", serviceUrl,
        "FLEET_AUTH_URL", keycloak.baseUrl() + "/realms/" + REALM), stdin, CLI_WITHIN, List.of(args));
  }

  private void login(String user) {
    CliRun login = fleet(user + "-pw\n", "login", "--user", user, "--password-stdin");
    assertEquals(ExitCode.DONE, login.exitCode(), login.toString());
  }

  @Test
  void auditShowsWhoAskedForWhatAsATableAndAsJson() throws Exception {
    login("operator");
    assertEquals(ExitCode.REFUSED, fleet("", "spawn", "ESW.audit_nowhere", "sample", "ESW.audit_cli").exitCode());
    login("viewer");
    assertEquals(ExitCode.NOT_AUTHENTICATED, fleet("", "kill", "ESW.audit_cli-Service").exitCode());

    // Lines reach the file through a queue: poll until both are there.
    CliRun[] table = new CliRun[1];
    Eventually.await("fleet audit shows both requests", Duration.ofSeconds(60), () -> {
      table[0] = fleet("", "audit", "--as", "viewer");
      return table[0].exitCode() == ExitCode.DONE && table[0].out().contains("Forbidden");
    });
    String out = table[0].out();
    assertTrue(out.startsWith("TIME"), table[0].toString());
    assertTrue(out.lines().anyMatch(l -> l.contains("operator") && l.contains("spawn") && l.contains("ESW.audit_nowhere")
        && l.contains("ESW.audit_cli") && l.contains("UnknownAgent")), out);
    assertTrue(out.lines().anyMatch(l -> l.contains("viewer") && l.contains("kill") && l.contains("403") && l.contains("Forbidden")), out);

    CliRun json = fleet("", "audit", "--as", "viewer", "--json", "--limit", "1");
    assertEquals(ExitCode.DONE, json.exitCode(), json.toString());
    JsonNode entries = new ObjectMapper().readTree(json.out());
    assertEquals(1, entries.size(), json.out());
    assertEquals("kill", entries.get(0).get("action").asText(), "the latest entry comes last");
    assertEquals("tmt-frontend-app", entries.get(0).get("client").asText());

    CliRun anonymous = CliRun.run(CLI_JAR, Map.of("HOME", home.resolve("nobody").toString(), "FLEET_SERVICE_URL", serviceUrl,
        "FLEET_AUTH_URL", keycloak.baseUrl() + "/realms/" + REALM), "", CLI_WITHIN, List.of("audit"));
    assertEquals(ExitCode.NOT_AUTHENTICATED, anonymous.exitCode(), anonymous.toString());
    assertFalse(anonymous.err().contains("\tat "), "no stack trace: " + anonymous);
  }
}
