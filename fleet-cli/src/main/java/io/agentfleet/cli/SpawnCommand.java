package io.agentfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.agentservice.api.rest.RestSpawnRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Starts a component of a configured kind on an agent. */
@Command(name = "spawn", mixinStandardHelpOptions = true,
    description = "Starts a component of a kind configured on the agent, registered under PREFIX, and waits "
        + "until it has registered (needs the operator role). Refused (exit 1) when the name is taken.")
final class SpawnCommand implements Callable<Integer> {
  @ParentCommand FleetCli cli;
  @Mixin ServiceOptions service;

  @Parameters(index = "0", paramLabel = "AGENT", description = "The agent's prefix, e.g. ESW.machine1.")
  String agent;

  @Parameters(index = "1", paramLabel = "KIND", description = "A component kind configured on that agent, e.g. sample.")
  String kind;

  @Parameters(index = "2", paramLabel = "PREFIX", description = "The component's prefix, e.g. ESW.demo1.")
  String prefix;

  @Parameters(index = "3..*", paramLabel = "ARG", description = "Extra arguments after the kind's own (put them after --).")
  List<String> args = List.of();

  @Option(names = "--type", paramLabel = "TYPE", description = "Component type to register as (default: the kind's own).")
  String componentType;

  @Override
  public Integer call() throws Exception {
    JsonNode location = cli.restClient(service).spawn(agent, new RestSpawnRequest(kind, prefix, Optional.ofNullable(componentType), args));
    if (service.json) {
      cli.out.println(location.toString());
    } else {
      String pid = location.path("metadata").path("PID").asText("");
      cli.out.println("spawned " + location.path("connection").asText(prefix) + " on " + agent + " at "
          + location.path("uri").asText("?") + (pid.isEmpty() ? "" : " (pid " + pid + ")"));
    }
    return ExitCode.DONE;
  }
}
