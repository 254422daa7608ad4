package io.agentfleet.cli;

import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.agentfleet.agentservice.testkit.KeycloakServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The CLI's jar run as one operator with a HOME of its own, against a service and a Keycloak. */
record CliSession(Path jar, Path home, String serviceUrl, KeycloakServer keycloak, Duration within) {

  CliRun fleet(String... args) {
    return fleetWithInput("", args);
  }

  CliRun fleetWithInput(String stdin, String... args) {
    return CliRun.run(jar, Map.of(
        "HOME", home.toString(),
        "FLEET_SERVICE_URL", serviceUrl,
        "FLEET_AUTH_URL", keycloak.baseUrl() + "/realms/" + REALM), stdin, within, List.of(args));
  }

  /** Logs in as {@code user} with the test realm's password ({@code user-pw}). */
  void login(String user) {
    CliRun login = fleetWithInput(user + "-pw\n", "login", "--user", user, "--password-stdin");
    assertEquals(ExitCode.DONE, login.exitCode(), login.toString());
  }

  static void assertExit(int expected, CliRun run) {
    assertEquals(expected, run.exitCode(), run.toString());
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
  }
}
