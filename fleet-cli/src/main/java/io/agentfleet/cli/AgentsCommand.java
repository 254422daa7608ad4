package io.agentfleet.cli;

import io.agentfleet.agentservice.api.rest.AgentView;
import io.agentfleet.agentservice.api.rest.ComponentView;
import io.agentfleet.agentservice.api.rest.RestCodecs;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Every agent and what it runs. */
@Command(name = "agents", mixinStandardHelpOptions = true,
    description = "Lists every agent with the components it has spawned (needs the viewer role).")
final class AgentsCommand implements Callable<Integer> {
  @ParentCommand FleetCli cli;
  @Mixin ServiceOptions service;

  @Override
  public Integer call() throws Exception {
    List<AgentView> agents = cli.restClient(service).agents();
    cli.out.print(service.json ? new String(new RestCodecs().write(agents), java.nio.charset.StandardCharsets.UTF_8) + "\n" : table(agents).render());
    return ExitCode.DONE;
  }

  /** One row per component, and one for each agent that runs nothing. */
  static Table table(List<AgentView> agents) {
    Table table = new Table("AGENT", "HOST", "COMPONENT", "TYPE", "STATE", "PID", "EPOCH");
    for (AgentView agent : agents) {
      if (agent.components().isEmpty()) {
        table.row(agent.prefix(), agent.hostname(), "-", "-", "-", "-", "-");
      }
      for (ComponentView c : agent.components()) {
        table.row(agent.prefix(), agent.hostname(), c.prefix(), c.componentType(), c.state(),
            c.pid().map(String::valueOf).orElse("-"), String.valueOf(c.epoch()));
      }
    }
    return table;
  }
}
