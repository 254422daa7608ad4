package io.agentfleet.cli;

import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.ServiceHttp;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.MemberProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI from its executable jar against a real Keycloak, a real agent and the Agent Service from
 * theirs: every exit code as an operator meets it.
 */
class FleetCliIT {
  private static final Path CLI_JAR = Path.of("target", "fleet-cli.jar");
  private static final Path AGENT_JAR = Path.of("..", "agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path SERVICE_JAR = Path.of("..", "agent-service-app", "target", "agent-service-app.jar");
  private static final Duration CLI_WITHIN = Duration.ofSeconds(90);

  private static KeycloakServer keycloak;
  private static MemberProcess agent;
  private static MemberProcess service;
  private static String serviceUrl;

  @TempDir Path home;

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
        List.of("-Dagent-service.auth.keycloak-url=" + keycloak.baseUrl()),
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next(), "--seeds", "127.0.0.1:" + seed));
    serviceUrl = "http://127.0.0.1:" + port;
    ServiceHttp http = new ServiceHttp(URI.create(serviceUrl));
    String viewer = keycloak.token(REALM, KeycloakServer.FRONTEND_CLIENT, "viewer", "viewer-pw");
    Eventually.await("the agent service lists the agent (log: " + service.log() + ")", Duration.ofSeconds(120), () -> {
      try {
        return http.get("/api/v1/agents", viewer, Duration.ofSeconds(10)).body().contains("ESW.machine1");
      } catch (RuntimeException | AssertionError notYet) {
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

  private CliRun fleet(String... args) {
    return fleetWithInput("", args);
  }

  private CliRun fleetWithInput(String stdin, String... args) {
    return CliRun.run(CLI_JAR, Map.of(
        "HOME", home.toString(),
        "FLEET_SERVICE_URL", serviceUrl,
        "FLEET_AUTH_URL", keycloak.baseUrl() + "/realms/" + REALM), stdin, CLI_WITHIN, List.of(args));
  }

  private void login(String user) {
    CliRun login = fleetWithInput(user + "-pw\n", "login", "--user", user, "--password-stdin");
    assertEquals(ExitCode.DONE, login.exitCode(), login.toString());
  }

  private static void assertExit(int expected, CliRun run) {
    assertEquals(expected, run.exitCode(), run.toString());
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
  }

  @Test
  void anOperatorSpawnsListsAndKillsAndIsRefusedATakenName() throws Exception {
    login("operator");
    Path kept = home.resolve(".config/agent-fleet/tokens/operator.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));

    CliRun spawned = fleet("spawn", "ESW.machine1", "sample", "ESW.cli1");
    assertExit(ExitCode.DONE, spawned);
    assertTrue(spawned.out().startsWith("spawned ESW.cli1-Service-http on ESW.machine1"), spawned.toString());

    CliRun again = fleet("spawn", "ESW.machine1", "sample", "ESW.cli1");
    assertExit(ExitCode.REFUSED, again);
    assertTrue(again.err().contains("AlreadyRegistered"), again.toString());

    CliRun agents = fleet("agents");
    assertExit(ExitCode.DONE, agents);
    assertTrue(agents.out().startsWith("AGENT"), agents.toString());
    assertTrue(agents.out().lines().anyMatch(l -> l.startsWith("ESW.machine1") && l.contains("ESW.cli1") && l.contains("Running")),
        agents.toString());

    JsonNode json = new ObjectMapper().readTree(fleet("agents", "--json").out());
    assertTrue(json.isArray() && json.toString().contains("ESW.cli1-Service-http"), json.toString());

    assertExit(ExitCode.DONE, fleet("status"));

    CliRun killed = fleet("kill", "ESW.cli1-Service-http");
    assertExit(ExitCode.DONE, killed);
    assertEquals("killed ESW.cli1-Service-http\n", killed.out());
    CliRun killedAgain = fleet("kill", "ESW.cli1-Service-http");
    assertExit(ExitCode.REFUSED, killedAgain);
    assertTrue(killedAgain.err().startsWith("fleet: NotRegistered"), killedAgain.toString());
  }

  @Test
  void failoverShowsAManagedComponentWhereItRunsAndItsHistory() throws Exception {
    String operator = keycloak.token(REALM, KeycloakServer.FRONTEND_CLIENT, "operator", "operator-pw");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> managed = http.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/api/v1/managed-components/ESW.clifo1"))
        .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"kind\":\"sample\",\"componentType\":\"Service\",\"agents\":[\"ESW.machine1\"]}"))
        .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, managed.statusCode(), managed.body());
    try {
      login("viewer");
      CliRun overview = fleet("failover");
      assertExit(ExitCode.DONE, overview);
      assertTrue(overview.out().startsWith("COMPONENT"), overview.toString());
      assertTrue(overview.out().lines().anyMatch(l -> l.startsWith("ESW.clifo1") && l.contains("Running") && l.contains("ESW.machine1")
          && l.contains("Started")), overview.toString());

      CliRun one = fleet("failover", "ESW.clifo1");
      assertExit(ExitCode.DONE, one);
      assertTrue(one.out().startsWith("ESW.clifo1: Running, runs on ESW.machine1"), one.toString());
      assertTrue(one.out().lines().anyMatch(l -> l.contains("Started") && l.contains("ESW.machine1")), one.toString());

      CliRun json = fleet("failover", "ESW.clifo1", "--json");
      assertExit(ExitCode.DONE, json);
      assertEquals("Running", new ObjectMapper().readTree(json.out()).path("status").asText(), json.toString());

      CliRun unknown = fleet("failover", "ESW.notmanaged");
      assertExit(ExitCode.REFUSED, unknown);
      assertTrue(unknown.err().contains("NotManaged"), unknown.toString());
    } finally {
      http.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/api/v1/managed-components/ESW.clifo1"))
          .header("Authorization", "Bearer " + operator).DELETE().timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      http.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/api/v1/components/ESW.clifo1-Service"))
          .header("Authorization", "Bearer " + operator).DELETE().timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void withoutALoginOrWithAWrongPasswordTheExitCodeIsFour() {
    assertExit(ExitCode.NOT_AUTHENTICATED, fleet("agents"));
    CliRun wrong = fleetWithInput("not-the-password\n", "login", "--user", "operator", "--password-stdin");
    assertExit(ExitCode.NOT_AUTHENTICATED, wrong);
    assertTrue(wrong.err().contains("Invalid user credentials"), wrong.toString());
  }

  @Test
  void aViewerMayListButNotSpawn() {
    login("viewer");
    assertExit(ExitCode.DONE, fleet("agents"));
    CliRun spawn = fleet("spawn", "ESW.machine1", "sample", "ESW.cli2");
    assertExit(ExitCode.NOT_AUTHENTICATED, spawn);
    assertTrue(spawn.err().contains("Forbidden"), spawn.toString());
  }

  @Test
  void aServiceThatIsNotThereExitsWithThree() {
    login("viewer");
    CliRun run = fleet("agents", "--service", "http://127.0.0.1:" + FreePorts.next());
    assertExit(ExitCode.UNREACHABLE, run);
    assertTrue(run.err().startsWith("fleet: cannot connect"), run.toString());
  }

  @Test
  void aBadCommandLineExitsWithTwo() {
    assertExit(ExitCode.USAGE, fleet("spawn", "ESW.machine1"));
    assertExit(ExitCode.USAGE, fleet("kill", "--no-such-flag", "x"));
  }

  @Test
  void aTokenAboutToExpireIsRefreshedBeforeTheCall() throws Exception {
    // This client's access tokens live 5 s, inside the CLI's refresh margin: every command refreshes first.
    CliRun login = fleetWithInput("operator-pw\n", "login", "--user", "operator", "--password-stdin",
        "--client-id", KeycloakServer.SHORT_LIVED_CLIENT);
    assertExit(ExitCode.DONE, login);
    Path kept = home.resolve(".config/agent-fleet/tokens/operator.json");
    String before = new ObjectMapper().readTree(kept.toFile()).get("accessToken").asText();
    assertExit(ExitCode.DONE, fleet("agents"));
    String after = new ObjectMapper().readTree(kept.toFile()).get("accessToken").asText();
    assertNotEquals(before, after, "the kept token was refreshed");
  }

  @Test
  void logoutForgetsTheLogin() {
    login("viewer");
    assertExit(ExitCode.DONE, fleet("logout"));
    assertExit(ExitCode.NOT_AUTHENTICATED, fleet("agents"));
    assertTrue(Files.notExists(home.resolve(".config/agent-fleet/tokens/viewer.json")));
  }
}
