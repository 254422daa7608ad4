package io.agentfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.ServiceFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet provision --plan|--apply} from the CLI's jar against two real agents, the service and Keycloak. */
class FleetCliProvisionIT {
  private static final Path CLI_JAR = Path.of("target", "fleet-cli.jar");
  // An apply waits for two component JVMs to start on a busy machine.
  private static final Duration CLI_WITHIN = Duration.ofMinutes(3);

  private static KeycloakServer keycloak;
  private static ServiceFleet fleet;
  private static String serviceUrl;

  @TempDir Path home;

  @BeforeAll
  static void start() {
    keycloak = KeycloakServer.shared();
    // ServiceFleet takes its jars relative to agent-service-app.
    fleet = ServiceFleet.start("cliprov", List.of("ESW.clipf1", "ESW.clipf2"), keycloak, Path.of("..", "agent-service-app"));
    serviceUrl = fleet.http().base().toString();
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void planThenApplyWithProgressThenReapplyChangesNothing() throws Exception {
    login("operator");
    Path file = home.resolve("fleet.conf");
    Files.writeString(file, """
        name = cli-provision
        components = [
          { prefix = "ESW.clipf_a", kind = sample, type = Service, agents = ["ESW.clipf1"] }
          { prefix = "ESW.clipf_b", kind = sample, type = Service, agents = ["ESW.clipf2", "ESW.clipf1"] }
        ]
        """);

    CliRun plan = fleet("provision", "--plan", file.toString());
    assertExit(ExitCode.DONE, plan);
    assertTrue(plan.out().startsWith("ACTION  PREFIX"), plan.toString());
    assertTrue(plan.out().contains("start   ESW.clipf_a  Service  sample  ESW.clipf1\n"), plan.toString());
    assertTrue(plan.out().contains("start   ESW.clipf_b  Service  sample  ESW.clipf2,ESW.clipf1\n"), plan.toString());

    CliRun apply = fleet("provision", "--apply", file.toString());
    assertExit(ExitCode.DONE, apply);
    assertTrue(apply.err().contains("[" + "#".repeat(ProgressBar.WIDTH) + "] 2/2 done"), "a progress bar on stderr: " + apply);
    assertTrue(apply.out().lines().anyMatch(l -> l.startsWith("ESW.clipf_a") && l.contains("start") && l.contains("Running") && l.contains("ESW.clipf1")),
        apply.toString());
    assertTrue(apply.out().lines().anyMatch(l -> l.startsWith("ESW.clipf_b") && l.contains("Running") && l.contains("ESW.clipf2")), apply.toString());

    CliRun again = fleet("provision", "--apply", file.toString(), "--json");
    assertExit(ExitCode.DONE, again);
    JsonNode job = new ObjectMapper().readTree(again.out());
    assertEquals("Succeeded", job.get("state").asText(), again.toString());
    job.get("components").forEach(c -> assertEquals("keep", c.get("action").asText(), again.toString()));
  }

  @Test
  void badFilesAndMissingRolesHaveTheirExitCodes() throws Exception {
    login("operator");
    Path bad = home.resolve("bad.conf");
    Files.writeString(bad, "name = cli-bad\ncomponents = [ { prefix = \"ESW.clipf_x\", kind = sample, type = Service, agents = [\"ESW.clipf1\", \"ESW.clipf1\"] } ]\n");
    CliRun invalid = fleet("provision", "--apply", bad.toString());
    assertExit(ExitCode.REFUSED, invalid);
    assertTrue(invalid.err().contains("names ESW.clipf1 more than once"), invalid.toString());

    assertExit(ExitCode.USAGE, fleet("provision", "--plan", home.resolve("missing.conf").toString()));
    assertExit(ExitCode.USAGE, fleet("provision", "--plan", bad.toString(), "--apply", bad.toString()));

    login("viewer");
    assertExit(ExitCode.NOT_AUTHENTICATED, fleet("provision", "--plan", bad.toString()));
  }

  private CliRun fleet(String... args) {
    return session().fleet(args);
  }

  private void login(String user) {
    session().login(user);
  }

  private CliSession session() {
    return new CliSession(CLI_JAR, home, serviceUrl, keycloak, CLI_WITHIN);
  }

  private static void assertExit(int expected, CliRun run) {
    CliSession.assertExit(expected, run);
  }
}
