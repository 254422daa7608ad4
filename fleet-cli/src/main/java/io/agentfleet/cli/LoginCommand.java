package io.agentfleet.cli;

import java.io.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Logs in to the realm and keeps the tokens for the other commands. */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = "Logs in to Keycloak and keeps the login (readable by you only) under ~/.config/agent-fleet/; "
        + "later commands refresh it before it expires.%n"
        + "People: --user NAME and a password prompt, or --password-stdin. Scripts: --client-id with "
        + "--client-secret (or $FLEET_CLIENT_SECRET).")
final class LoginCommand implements Callable<Integer> {
  static final String DEFAULT_REALM_URL = "http://127.0.0.1:8081/realms/TMT";
  static final String DEFAULT_CLIENT_ID = "tmt-frontend-app";

  @ParentCommand FleetCli cli;

  @Option(names = "--auth-url", paramLabel = "URL",
      description = "The realm's URL (default: $FLEET_AUTH_URL, else auth-url in the config file, else " + DEFAULT_REALM_URL + ").")
  String authUrl;

  @Option(names = "--user", paramLabel = "NAME", description = "User to log in as, with the password grant (default: $FLEET_USER).")
  String user;

  @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
  boolean passwordStdin;

  @Option(names = "--client-id", paramLabel = "ID",
      description = "Client to ask for tokens (default: $FLEET_CLIENT_ID, else client-id in the config file, else "
          + DEFAULT_CLIENT_ID + "). With a secret: a confidential client logging in as itself.")
  String clientId;

  @Option(names = "--client-secret", paramLabel = "SECRET",
      description = "The confidential client's secret (default: $FLEET_CLIENT_SECRET); selects the client-credentials grant.")
  String clientSecret;

  @Option(names = "--json", description = "Print the login as JSON.")
  boolean json;

  @Override
  public Integer call() {
    CliConfig config = cli.config;
    URI realm = parse(config.resolve(authUrl, "FLEET_AUTH_URL", "auth-url", DEFAULT_REALM_URL));
    URI endpoint = KeycloakTokenEndpoint.of(realm);
    String client = config.resolve(clientId, "FLEET_CLIENT_ID", "client-id", DEFAULT_CLIENT_ID);
    Optional<String> name = Optional.ofNullable(user).or(() -> cli.config.env().get("FLEET_USER"));
    Optional<String> secret = Optional.ofNullable(clientSecret)
        .or(() -> name.isEmpty() && clientId != null ? config.env().get("FLEET_CLIENT_SECRET") : Optional.empty());
    StoredToken token;
    if (secret.isPresent()) {
      if (user != null || passwordStdin) {
        throw new CliFailure(ExitCode.USAGE, "--client-secret logs in as the client: leave out --user and --password-stdin");
      }
      token = StoredToken.of(client, endpoint, client, cli.tokens.clientCredentials(endpoint, client, secret.get()), cli.clock.instant());
    } else {
      String who = name.orElseThrow(() -> new CliFailure(ExitCode.USAGE,
          "say who logs in: --user NAME (or --client-id ID --client-secret SECRET for a script)"));
      token = StoredToken.of(who, endpoint, client, cli.tokens.password(endpoint, client, who, password(who)), cli.clock.instant());
    }
    cli.cache.write(token);
    if (json) {
      cli.out.println(new io.agentfleet.agentservice.api.rest.RestCodecs().write(Map.of(
          "identity", token.identity(), "realm", realm.toString(), "expiresAt", token.expiresAt().toString())));
    } else {
      cli.out.println("logged in as " + token.identity() + " at " + realm + "; the login is kept until "
          + token.refreshExpiresAt().orElse(token.expiresAt()) + (token.refreshToken().isPresent() ? " (refreshed as needed)" : ""));
    }
    return ExitCode.DONE;
  }

  private String password(String who) {
    if (passwordStdin) {
      try {
        String line = cli.in.readLine();
        if (line == null || line.isEmpty()) {
          throw new CliFailure(ExitCode.USAGE, "--password-stdin: standard input has no password");
        }
        return line;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Console console = System.console();
    if (console == null) {
      throw new CliFailure(ExitCode.USAGE, "no terminal to ask for the password: use --password-stdin");
    }
    char[] typed = console.readPassword("Password for %s: ", who);
    if (typed == null || typed.length == 0) {
      throw new CliFailure(ExitCode.USAGE, "no password given");
    }
    return new String(typed);
  }

  private static URI parse(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new CliFailure(ExitCode.USAGE, "'" + url + "' is not a realm URL such as " + DEFAULT_REALM_URL);
  }
}
