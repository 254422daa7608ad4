package io.agentfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Stops a component through the agent that started it. */
@Command(name = "kill", mixinStandardHelpOptions = true,
    description = "Stops a component through the agent that started it (needs the operator role).")
final class KillCommand implements Callable<Integer> {
  @ParentCommand FleetCli cli;
  @Mixin ServiceOptions service;

  @Parameters(index = "0", paramLabel = "COMPONENT",
      description = "A component id (ESW.demo1-Service) or connection name (ESW.demo1-Service-http).")
  String component;

  @Override
  public Integer call() throws Exception {
    JsonNode killed = cli.restClient(service).kill(component);
    cli.out.println(service.json ? killed.toString() : "killed " + killed.path("killed").asText(component));
    return ExitCode.DONE;
  }
}
