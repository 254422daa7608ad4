package io.agentfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Plans or applies a provision file: which components of which kinds run on which agents. */
@Command(name = "provision", mixinStandardHelpOptions = true,
    description = "Plans (what would start, stop and stay) or applies a provision file (HOCON or JSON; see "
        + "docs/provision-sample.conf). Applying shows a progress bar on stderr while the service starts and stops "
        + "components, then one result per component; exit 1 when any of them failed (needs the operator role).")
final class ProvisionCommand implements Callable<Integer> {
  @ParentCommand FleetCli cli;
  @Mixin ServiceOptions service;
  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1") Mode mode;

  static final class Mode {
    @Option(names = "--plan", paramLabel = "FILE", description = "Show what applying FILE would change, changing nothing.")
    Path plan;

    @Option(names = "--apply", paramLabel = "FILE", description = "Apply FILE and wait until every component is started or stopped.")
    Path apply;
  }

  @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "PT15M",
      description = "How long to follow an apply before giving up on it (ISO-8601, default: ${DEFAULT-VALUE}); the service carries on.")
  Duration wait;

  @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "PT0.5S", hidden = true,
      description = "How often an apply's progress is asked for.")
  Duration pollInterval;

  @Override
  public Integer call() throws Exception {
    RestClient rest = cli.restClient(service);
    if (mode.plan != null) {
      JsonNode plan = rest.planProvision(read(mode.plan));
      cli.out.print(service.json ? plan + "\n" : planTable(plan).render());
      return ExitCode.DONE;
    }
    JsonNode job = rest.applyProvision(read(mode.apply));
    String id = job.path("id").asText();
    PrintWriter err = spec.commandLine().getErr();
    Instant giveUp = Instant.now().plus(wait);
    while (job.path("state").asText().equals("Running")) {
      err.print("\r" + ProgressBar.of(job));
      err.flush();
      if (Instant.now().isAfter(giveUp)) {
        err.println();
        throw new CliFailure(ExitCode.UNREACHABLE, "provision job " + id + " still runs after " + wait + "; follow it with GET /api/v1/provisions/" + id);
      }
      // The CLI's own thread, nothing else to do meanwhile: waiting between polls is what it is for.
      Thread.sleep(pollInterval.toMillis());
      job = rest.provisionJob(id);
    }
    err.println("\r" + ProgressBar.of(job));
    cli.out.print(service.json ? job + "\n" : resultTable(job).render());
    return job.path("state").asText().equals("Succeeded") ? ExitCode.DONE : ExitCode.REFUSED;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliFailure(ExitCode.USAGE, "cannot read provision file " + file + ": " + e.getMessage());
    }
  }

  /** One row per component the plan starts, stops or keeps. */
  static Table planTable(JsonNode plan) {
    Table table = new Table("ACTION", "PREFIX", "TYPE", "KIND", "AGENTS");
    for (String action : new String[] {"start", "stop", "keep"}) {
      for (JsonNode c : plan.path(action)) {
        table.row(action, c.path("prefix").asText(), c.path("componentType").asText(), c.path("kind").asText(), agents(c.path("agents")));
      }
    }
    return table;
  }

  /** One row per component of the job, as it ended. */
  static Table resultTable(JsonNode job) {
    Table table = new Table("PREFIX", "TYPE", "ACTION", "STATUS", "AGENT", "REASON");
    for (JsonNode c : job.path("components")) {
      table.row(c.path("prefix").asText(), c.path("componentType").asText(), c.path("action").asText(), c.path("status").asText(),
          c.path("agent").asText("-"), c.path("reason").asText("-"));
    }
    return table;
  }

  private static String agents(JsonNode agents) {
    StringBuilder text = new StringBuilder();
    agents.forEach(a -> text.append(text.length() == 0 ? "" : ",").append(a.asText()));
    return text.toString();
  }
}
