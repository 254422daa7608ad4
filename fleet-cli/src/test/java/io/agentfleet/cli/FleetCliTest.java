package io.agentfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without a service: usage errors and missing logins never get as far as the network. */
class FleetCliTest {
  @TempDir Path home;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    TokenCache cache = new TokenCache(home);
    HttpClient http = HttpClient.newHttpClient();
    FleetCli cli = new FleetCli(CliConfig.load(new Environment(Map.of()), home), cache, new KeycloakTokenEndpoint(http),
        http, Clock.systemUTC(), new PrintWriter(out, true), new ByteArrayInputStream(new byte[0]));
    return FleetCli.commandLine(cli, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void anUnknownCommandOrOptionIsAUsageError() {
    assertEquals(ExitCode.USAGE, run("frobnicate"));
    assertEquals(ExitCode.USAGE, run("agents", "--frob"));
    assertEquals(ExitCode.USAGE, run("spawn", "ESW.machine1"));
    assertEquals(ExitCode.USAGE, run());
  }

  @Test
  void loginWithoutAUserOrClientIsAUsageError() {
    assertEquals(ExitCode.USAGE, run("login"));
    assertTrue(err.toString().contains("--user"), err.toString());
  }

  @Test
  void aServiceUrlThatIsNoUrlIsAUsageError() {
    assertEquals(ExitCode.USAGE, run("agents", "--service", "not a url"));
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"login", "logout", "agents", "status", "spawn", "kill", "audit", "logs"}) {
      assertEquals(ExitCode.DONE, run(command, "--help"), command);
      assertTrue(out.toString().contains("Usage: fleet " + command), out.toString());
    }
  }

  @Test
  void withoutALoginACommandExitsWithFourAndNoStackTrace() {
    assertEquals(ExitCode.NOT_AUTHENTICATED, run("agents"));
    assertTrue(err.toString().startsWith("fleet: not logged in"), err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
  }

  @Test
  void anAuditLimitOutsideOneToAThousandIsAUsageError() {
    assertEquals(ExitCode.USAGE, run("audit", "--limit", "0"));
    assertEquals(ExitCode.USAGE, run("audit", "--limit", "1001"));
    assertEquals(ExitCode.USAGE, run("audit", "--limit", "many"));
  }

  @Test
  void logsWithoutAComponentOrWithALineCountOutsideOneToTenThousandIsAUsageError() {
    assertEquals(ExitCode.USAGE, run("logs"));
    assertEquals(ExitCode.USAGE, run("logs", "ESW.c1-Service", "--lines", "0"));
    assertEquals(ExitCode.USAGE, run("logs", "ESW.c1-Service", "--lines", "10001"));
    assertEquals(ExitCode.USAGE, run("logs", "ESW.c1-Service", "--lines", "many"));
  }

  @Test
  void logoutWithoutALoginIsDone() {
    assertEquals(ExitCode.DONE, run("logout"));
  }
}
