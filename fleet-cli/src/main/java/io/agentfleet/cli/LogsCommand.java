package io.agentfleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.api.rest.ComponentLogView;
import io.agentfleet.agentservice.api.rest.RestCodecs;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** A component's log, read from the host of the agent that runs or ran it. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Prints the last lines of a component's log from its agent's host, also after the component "
        + "ended (then name its agent with --agent). With --follow keeps printing what the component adds until "
        + "Ctrl-C, or until it is gone and its log stopped growing (needs the viewer role).")
final class LogsCommand implements Callable<Integer> {
  /** The most lines the service gives at once. */
  static final int MAX_LINES = 10_000;
  /** How often a follower asks for more. */
  static final Duration POLL = Duration.ofMillis(500);

  @ParentCommand FleetCli cli;
  @Mixin ServiceOptions service;

  @Parameters(index = "0", paramLabel = "COMPONENT",
      description = "A component id (ESW.demo1-Service) or connection name (ESW.demo1-Service-http).")
  String component;

  @Option(names = "--lines", paramLabel = "N", defaultValue = "100",
      description = "How many of the last lines to print first, 1 to " + MAX_LINES + " (default: ${DEFAULT-VALUE}).")
  int lines;

  @Option(names = {"-f", "--follow"}, description = "Keep printing what the component adds to its log.")
  boolean follow;

  @Option(names = "--agent", paramLabel = "PREFIX",
      description = "The agent whose host holds the log, e.g. ESW.machine1 (default: the agent that runs the component; "
          + "needed once it is gone).")
  String agent;

  private final ObjectMapper json = RestCodecs.newObjectMapper();

  @Override
  public Integer call() throws Exception {
    if (lines < 1 || lines > MAX_LINES) {
      throw new CliFailure(ExitCode.USAGE, "--lines must be 1 to " + MAX_LINES + ", not " + lines);
    }
    RestClient rest = cli.restClient(service);
    ComponentLogView first = rest.logTail(component, lines, Optional.ofNullable(agent));
    print(first);
    if (follow) {
      // Ask the agent that answered: the component may be gone by the next read, and its registration with it.
      Optional<String> holder = Optional.of(first.agent());
      new LogFollower(offset -> rest.logFrom(component, offset, holder), this::print, POLL).follow(first);
    }
    return ExitCode.DONE;
  }

  private void print(ComponentLogView read) {
    if (service.json) {
      try {
        cli.out.println(json.writeValueAsString(read));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    } else if (!read.text().isEmpty()) {
      cli.out.print(read.text());
      cli.out.flush();
    }
  }
}
