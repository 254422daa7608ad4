package io.agentfleet.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Forgets a kept login and ends its session at Keycloak. */
@Command(name = "logout", mixinStandardHelpOptions = true,
    description = "Forgets the kept login (of --as USER, else the last one) and ends its session at Keycloak.")
final class LogoutCommand implements Callable<Integer> {
  @ParentCommand FleetCli cli;

  @Option(names = "--as", paramLabel = "USER", description = "Whose login to forget (default: $FLEET_USER, else the last login).")
  String as;

  @Override
  public Integer call() {
    Optional<String> who = cli.config.optional(as, "FLEET_USER", "user").or(cli.cache::current);
    if (who.isEmpty()) {
      cli.out.println("not logged in");
      return ExitCode.DONE;
    }
    cli.cache.read(who.get()).ifPresent(token -> token.refreshToken().ifPresent(refresh -> {
      try {
        cli.tokens.logout(token.tokenEndpoint(), token.clientId(), refresh);
      } catch (CliFailure unreachable) {
        // The session then ends by itself when its refresh token expires; forgetting it here is what matters.
      }
    }));
    cli.cache.delete(who.get());
    cli.out.println("logged out " + who.get());
    return ExitCode.DONE;
  }
}
