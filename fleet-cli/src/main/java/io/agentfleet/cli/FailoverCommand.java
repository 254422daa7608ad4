package io.agentfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The managed components: where each runs, its primary and backups, and what failover did to it. */
@Command(name = "failover", mixinStandardHelpOptions = true,
    description = {"Without COMPONENT: every managed component with its status, where it runs, its agents (the primary first,",
        "then the backups in the order they take over) and its latest event. With COMPONENT: that component's failover",
        "history (when, what, from where, to where, how long, why). Needs the viewer role."})
final class FailoverCommand implements Callable<Integer> {
  @ParentCommand FleetCli cli;
  @Mixin ServiceOptions service;

  @Parameters(index = "0", arity = "0..1", paramLabel = "COMPONENT", description = "A managed component's prefix (ESW.sequence_manager).")
  String component;

  @Override
  public Integer call() throws Exception {
    RestClient rest = cli.restClient(service);
    if (component == null) {
      List<JsonNode> managed = rest.managedComponents();
      cli.out.print(service.json ? managed + "\n" : overview(managed).render());
    } else {
      JsonNode managed = rest.managedComponent(component);
      cli.out.print(service.json ? managed + "\n" : describe(managed));
    }
    return ExitCode.DONE;
  }

  /** One row per managed component. */
  static Table overview(List<JsonNode> managed) {
    Table table = new Table("COMPONENT", "STATUS", "RUNS ON", "AGENTS", "LAST EVENT");
    for (JsonNode m : managed) {
      JsonNode history = m.path("history");
      JsonNode last = history.size() == 0 ? null : history.get(history.size() - 1);
      table.row(m.path("policy").path("component").asText("-"), m.path("status").asText("-"), runsOn(m), agents(m),
          last == null ? "-" : last.path("what").asText() + " " + last.path("at").asText());
    }
    return table;
  }

  /** A component's policy and placement, then its history, oldest first. */
  static String describe(JsonNode managed) {
    StringBuilder out = new StringBuilder()
        .append(managed.path("policy").path("component").asText()).append(": ").append(managed.path("status").asText())
        .append(", runs on ").append(runsOn(managed)).append(", agents ").append(agents(managed)).append('\n');
    Table history = new Table("TIME", "WHAT", "FROM", "TO", "TOOK", "REASON");
    for (JsonNode event : managed.path("history")) {
      history.row(event.path("at").asText("-"), event.path("what").asText("-"), text(event, "from"), text(event, "to"),
          took(event.path("tookMillis").asLong()), event.path("reason").asText("-"));
    }
    return out.append(history.isEmpty() ? "no history yet\n" : history.render()).toString();
  }

  private static String runsOn(JsonNode managed) {
    JsonNode placement = managed.path("placement");
    return "Running".equals(managed.path("status").asText()) && placement.has("agent") ? placement.path("agent").asText() : "-";
  }

  private static String agents(JsonNode managed) {
    List<String> agents = new ArrayList<>();
    managed.path("policy").path("agents").forEach(agent -> agents.add(agent.asText()));
    return agents.isEmpty() ? "-" : String.join(",", agents);
  }

  private static String text(JsonNode event, String field) {
    JsonNode value = event.path(field);
    return value.isMissingNode() || value.isNull() || value.asText().isEmpty() ? "-" : value.asText();
  }

  private static String took(long millis) {
    Duration took = Duration.ofMillis(millis);
    return millis < 1000 ? millis + " ms" : String.format("%.1f s", took.toMillis() / 1000.0);
  }
}
