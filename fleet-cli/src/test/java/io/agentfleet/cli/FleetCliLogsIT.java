package io.agentfleet.cli;

import static io.agentfleet.agentservice.testkit.KeycloakServer.FRONTEND_CLIENT;
import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.ServiceHttp;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.MemberProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet logs} from the CLI's jar against a real agent, registry, Agent Service and Keycloak: the
 * tail of a running sample component, a follow that outlives the component's kill, the log after exit,
 * and the API's refusals.
 */
class FleetCliLogsIT {
  private static final Path CLI_JAR = Path.of("target", "fleet-cli.jar");
  private static final Path AGENT_JAR = Path.of("..", "agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path SERVICE_JAR = Path.of("..", "agent-service-app", "target", "agent-service-app.jar");
  private static final Duration CLI_WITHIN = Duration.ofSeconds(90);
  private static final String AGENT = "ESW.logs_machine";
  private static final String COMPONENT = "ESW.logs_cli1-Service";

  private static KeycloakServer keycloak;
  private static MemberProcess agent;
  private static MemberProcess service;
  private static String serviceUrl;

  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    keycloak = KeycloakServer.shared();
    // A directory of this run only: a log left by an earlier run would be appended to, not replaced.
    Path logs = Files.createDirectories(Path.of("target", "it-logs", "logs-cli-" + System.currentTimeMillis())).toAbsolutePath();
    int seed = FreePorts.next();
    int agentHttp = FreePorts.next();
    agent = MemberProcess.start("logs-agent-" + AGENT, AGENT_JAR, agentHttp, List.of("-Dagent.logs.directory=" + logs),
        List.of("--prefix", AGENT, "--cluster-port", "" + seed, "--registry-http-port", "" + agentHttp, "--new-cluster"));
    agent.awaitHealthy(1, Duration.ofSeconds(90));
    int port = FreePorts.next();
    service = MemberProcess.start("logs-agent-service", SERVICE_JAR, port,
        List.of("-Dagent-service.auth.keycloak-url=" + keycloak.baseUrl()),
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next(), "--seeds", "127.0.0.1:" + seed));
    serviceUrl = "http://127.0.0.1:" + port;
    ServiceHttp http = new ServiceHttp(URI.create(serviceUrl));
    String viewer = keycloak.token(REALM, FRONTEND_CLIENT, "viewer", "viewer-pw");
    Eventually.await("the agent service lists the agent (log: " + service.log() + ")", Duration.ofSeconds(120), () -> {
      try {
        return http.get("/api/v1/agents", viewer, Duration.ofSeconds(10)).body().contains(AGENT);
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

  private Map<String, String> env() {
    return Map.of("HOME", home.toString(), "FLEET_SERVICE_URL", serviceUrl, "FLEET_AUTH_URL", keycloak.baseUrl() + "/realms/" + REALM);
  }

  private CliRun fleet(String stdin, String... args) {
    return CliRun.run(CLI_JAR, env(), stdin, CLI_WITHIN, List.of(args));
  }

  private void login(String user) {
    CliRun login = fleet(user + "-pw\n", "login", "--user", user, "--password-stdin");
    assertEquals(ExitCode.DONE, login.exitCode(), login.toString());
  }

  private static void assertExit(int expected, CliRun run) {
    assertEquals(expected, run.exitCode(), run.toString());
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aComponentsLogIsTailedFollowedThroughItsKillAndReadAfterItExited() throws Exception {
    login("operator");
    login("viewer");
    assertExit(ExitCode.DONE, fleet("", "spawn", AGENT, "sample", "ESW.logs_cli1", "--as", "operator", "--", "--log-lines", "300"));

    CliRun tail = fleet("", "logs", COMPONENT, "--lines", "5", "--as", "viewer");
    assertExit(ExitCode.DONE, tail);
    assertEquals(5, tail.out().lines().count(), tail.toString());
    // The sample prints lines 0 to 299, then its registration.
    assertTrue(tail.out().contains("log line 299 of ESW.logs_cli1\n"), tail.toString());
    assertFalse(tail.out().contains("log line 295 of"), tail.toString());

    Path followed = home.resolve("followed.txt");
    Process follower = CliRun.start(CLI_JAR, env(), followed, List.of("logs", COMPONENT, "-f", "--lines", "1", "--as", "viewer"));
    try {
      Eventually.await("the follower printed the tail: " + followed, Duration.ofSeconds(60), () -> read(followed).contains("registered"));
      assertExit(ExitCode.DONE, fleet("", "kill", COMPONENT, "--as", "operator"));
      // The component prints its last line as it stops; the follower prints it and ends by itself.
      assertTrue(follower.waitFor(60, TimeUnit.SECONDS), "the follower ended once the component was gone: " + read(followed));
      assertEquals(ExitCode.DONE, follower.exitValue(), read(followed));
      assertTrue(read(followed).contains("sample component ESW.logs_cli1 stopping"), read(followed));
      assertFalse(read(followed).contains("log line 299 of"), "only the one line asked for, then what came after: " + read(followed));
    } finally {
      follower.destroyForcibly().waitFor();
    }

    CliRun gone = fleet("", "logs", COMPONENT, "--as", "viewer");
    assertExit(ExitCode.REFUSED, gone);
    assertTrue(gone.err().contains("AgentRequired"), gone.toString());

    CliRun afterExit = fleet("", "logs", COMPONENT, "--agent", AGENT, "--lines", "400", "--as", "viewer");
    assertExit(ExitCode.DONE, afterExit);
    assertTrue(afterExit.out().startsWith("sample component ESW.logs_cli1 starting"), afterExit.toString());
    assertTrue(afterExit.out().contains("sample component ESW.logs_cli1 stopping"), afterExit.toString());
  }

  @Test
  void theLogApiAnswersBadRequestsAndMissingLogsWithJsonErrors() {
    ServiceHttp http = new ServiceHttp(URI.create(serviceUrl));
    String viewer = keycloak.token(REALM, FRONTEND_CLIENT, "viewer", "viewer-pw");
    String never = "/api/v1/components/ESW.logs_never-Service/logs";

    assertEquals(401, http.get(never + "?agent=" + AGENT, null).statusCode());
    assertError(404, "NoLog", http.get(never + "?agent=" + AGENT, viewer));
    assertError(404, "UnknownAgent", http.get(never + "?agent=ESW.logs_nowhere", viewer));
    assertError(400, "AgentRequired", http.get(never, viewer));
    assertError(400, "BadRequest", http.get(never + "?lines=many&agent=" + AGENT, viewer));
    assertError(400, "BadRequest", http.get(never + "?lines=0&agent=" + AGENT, viewer));
    assertError(400, "BadRequest", http.get(never + "?offset=-1&agent=" + AGENT, viewer));
    assertError(400, "BadRequest", http.get(never + "?offset=0&lines=5&agent=" + AGENT, viewer));
    assertError(400, "BadRequest", http.get(never + "?agent=not-a-prefix", viewer));
    assertError(400, "BadRequest", http.get("/api/v1/components/..%2F..%2Fetc%2Fpasswd/logs?agent=" + AGENT, viewer));
    assertError(400, "BadRequest", http.get("/api/v1/components/ESW.logs_never/logs?agent=" + AGENT, viewer));
  }

  private static void assertError(int status, String error, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode body = ServiceHttp.json(response);
    assertEquals(error, body.path("error").asText(), response.body());
    assertFalse(body.path("message").asText().isBlank(), response.body());
  }
}
