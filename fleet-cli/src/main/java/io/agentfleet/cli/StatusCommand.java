package io.agentfleet.cli;

import io.agentfleet.agentservice.api.protocol.AgentServiceCodecs;
import io.agentfleet.agentservice.api.protocol.AgentStatus;
import io.agentfleet.agentservice.api.protocol.AgentStatusResponse;
import io.agentfleet.agentservice.api.protocol.SequenceComponentStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** ESW's agent status: every agent with its sequence components and their sequencers. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows ESW's agent status: each agent's sequence components and the sequencer each runs "
        + "(needs the viewer role).")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand FleetCli cli;
  @Mixin ServiceOptions service;

  @Override
  public Integer call() {
    AgentStatusResponse status = cli.wireClient(service).getAgentStatus().toCompletableFuture().join();
    if (service.json) {
      cli.out.println(new String(new AgentServiceCodecs().writeAgentStatusResponse(status), StandardCharsets.UTF_8));
    }
    if (status instanceof AgentStatusResponse.LocationServiceError error) {
      throw new CliFailure(ExitCode.REFUSED, "the registry could not be read: " + error.reason());
    }
    if (!service.json) {
      cli.out.print(table((AgentStatusResponse.Success) status).render());
    }
    return ExitCode.DONE;
  }

  static Table table(AgentStatusResponse.Success status) {
    Table table = new Table("AGENT", "SEQUENCE COMPONENT", "SEQUENCER");
    for (AgentStatus agent : status.agentStatus()) {
      if (agent.seqCompsStatus().isEmpty()) {
        table.row(agent.agentId().prefix(), "-", "-");
      }
      agent.seqCompsStatus().forEach(s -> table.row(agent.agentId().prefix(), s.seqCompId().prefix(), sequencer(s)));
    }
    status.seqCompsWithoutAgent().forEach(s -> table.row("(none)", s.seqCompId().prefix(), sequencer(s)));
    return table;
  }

  private static String sequencer(SequenceComponentStatus s) {
    return s.sequencerLocation().map(l -> l.connection().prefix()).orElse("-");
  }
}
