package io.agentfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** A provision job's progress as one line: a bar of the components that are done, and the counts. */
final class ProgressBar {
  static final int WIDTH = 30;
  private static final Set<String> DONE = Set.of("Running", "Stopped", "Failed");

  private ProgressBar() {}

  static String of(JsonNode job) {
    int total = 0;
    int done = 0;
    int failed = 0;
    for (JsonNode c : job.path("components")) {
      total++;
      String status = c.path("status").asText();
      done += DONE.contains(status) ? 1 : 0;
      failed += status.equals("Failed") ? 1 : 0;
    }
    return render(done, failed, total);
  }

  static String render(int done, int failed, int total) {
    int filled = total == 0 ? WIDTH : done * WIDTH / total;
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total + " done" + (failed > 0 ? ", " + failed + " failed" : "");
  }
}
