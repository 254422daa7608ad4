package io.agentfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The Agent Service's audit log: who changed what, from where, and what came of it. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Shows the latest entries of the Agent Service's audit log, oldest first: every spawn, kill, "
        + "manage, unmanage and provision, and every refusal of one (needs the viewer role).")
final class AuditCommand implements Callable<Integer> {
  /** The most entries the service gives at once. */
  static final int MAX_LIMIT = 1000;

  @ParentCommand FleetCli cli;
  @Mixin ServiceOptions service;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "How many of the latest entries to show, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() throws Exception {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new CliFailure(ExitCode.USAGE, "--limit must be 1 to " + MAX_LIMIT + ", not " + limit);
    }
    List<JsonNode> entries = cli.restClient(service).audit(limit);
    cli.out.print(service.json ? new ObjectMapper().writeValueAsString(entries) + "\n" : table(entries).render());
    return ExitCode.DONE;
  }

  /** One row per entry, as the service lists them. */
  static Table table(List<JsonNode> entries) {
    Table table = new Table("TIME", "USER", "CLIENT", "ADDRESS", "ACTION", "AGENT", "COMPONENT", "STATUS", "RESULT");
    for (JsonNode e : entries) {
      table.row(text(e, "time"), text(e, "user"), text(e, "client"), text(e, "address"), text(e, "action"), text(e, "agent"),
          text(e, "component"), text(e, "status"), text(e, "result"));
    }
    return table;
  }

  private static String text(JsonNode entry, String field) {
    JsonNode value = entry.path(field);
    return value.isMissingNode() || value.isNull() ? "-" : value.asText();
  }
}
