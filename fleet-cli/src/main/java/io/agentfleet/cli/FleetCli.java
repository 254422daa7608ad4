package io.agentfleet.cli;

import io.agentfleet.agentservice.api.client.AgentServiceClientSettings;
import io.agentfleet.agentservice.api.client.AgentServiceHttpClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operator's command line: log in to Keycloak, then list, spawn, kill and provision components through the Agent Service. */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    version = "fleet 0.1.0",
    description = "Operates an agent fleet through its Agent Service.%n"
        + "Exit codes: 0 done, 1 refused or failed, 2 usage, 3 cannot reach the service or Keycloak, "
        + "4 not logged in or not allowed.",
    subcommands = {
      LoginCommand.class, LogoutCommand.class, AgentsCommand.class, StatusCommand.class, SpawnCommand.class,
      KillCommand.class, AuditCommand.class, LogsCommand.class, ProvisionCommand.class, FailoverCommand.class, CommandLine.HelpCommand.class
    })
public final class FleetCli implements Runnable {
  final CliConfig config;
  final TokenCache cache;
  final TokenEndpoint tokens;
  final HttpClient http;
  final Clock clock;
  final PrintWriter out;
  final BufferedReader in;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  FleetCli(CliConfig config, TokenCache cache, TokenEndpoint tokens, HttpClient http, Clock clock, PrintWriter out, InputStream in) {
    this.config = config;
    this.cache = cache;
    this.tokens = tokens;
    this.http = http;
    this.clock = clock;
    this.out = out;
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs one command line against the real environment, home directory and network; the exit code. */
  public static int execute(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    try {
      Environment env = Environment.ofSystem();
      TokenCache cache = TokenCache.ofUserHome(env);
      HttpClient http = HttpClient.newBuilder()
          .connectTimeout(AgentServiceClientSettings.DEFAULT_CONNECT_TIMEOUT)
          // The service runs with HTTP/2 off; asking for it would only add an upgrade attempt per call.
          .version(HttpClient.Version.HTTP_1_1)
          .build();
      FleetCli cli = new FleetCli(CliConfig.load(env, cache.dir()), cache,
          new KeycloakTokenEndpoint(http), http, Clock.systemUTC(), out, System.in);
      return commandLine(cli, out, err).execute(args);
    } catch (CliFailure e) {
      err.println("fleet: " + e.getMessage());
      return e.exitCode();
    } finally {
      // Tables are printed without a final println, which is when an autoflushing writer flushes.
      out.flush();
      err.flush();
    }
  }

  /** The command line of {@code cli}: failures become one line on {@code err} and an exit code. */
  static CommandLine commandLine(FleetCli cli, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(cli);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      CliFailure failure = Failures.of(e);
      err.println("fleet: " + failure.getMessage());
      if (failure.exitCode() == ExitCode.USAGE) {
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
      }
      return failure.exitCode();
    });
    return commandLine;
  }

  @Override
  public void run() {
    // A command is required: without one, say which there are, as a usage error.
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** The Agent Service's ESW API with the current login. */
  AgentServiceHttpClient wireClient(ServiceOptions options) {
    String token = accessToken(options);
    return new AgentServiceHttpClient(http, options.settings(config), () -> Optional.of(token));
  }

  /** The Agent Service's REST API with the current login. */
  RestClient restClient(ServiceOptions options) {
    AgentServiceClientSettings settings = options.settings(config);
    return new RestClient(http, settings, accessToken(options));
  }

  private String accessToken(ServiceOptions options) {
    return new LoginSession(cache, tokens, clock).accessToken(options.identity(config));
  }
}
