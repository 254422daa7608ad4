package io.agentfleet.agentservice.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts the answers of a run per category and status, and keeps every answer that breaks a rule:
 * a status of 500 or more, no answer within the timeout, a 4xx whose body is not JSON, or a body that
 * shows a stack trace.
 */
public final class Tally {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
  private final List<String> failures = new ArrayList<>();
  private int engineAnswers;
  private int total;

  public synchronized void add(HostileRequest request, Answer answer) {
    total++;
    counts.computeIfAbsent(request.api() + " " + request.category(), k -> new TreeMap<>()).merge(answer.outcome(), 1, Integer::sum);
    problem(request, answer).ifPresent(p -> failures.add(p + ": " + request.summary() + " -> " + answer.outcome() + " "
        + answer.body().substring(0, Math.min(200, answer.body().length()))));
    if (request.engineLevel() && answer.status().isPresent()) {
      engineAnswers++;
    }
  }

  private static java.util.Optional<String> problem(HostileRequest request, Answer answer) {
    if (answer.status().isEmpty()) {
      // A server that closes a connection whose request it cannot frame is fine, and so is one that
      // refuses an oversized body and closes while the client still sends it (the TCP reset can
      // discard the answer); a request a route should have answered, or one that hangs, is not.
      boolean mayClose = request.engineLevel() || request.halfClose() || request.bytes().length > HostileRequests.MAX_BODY;
      return answer.outcome().equals("timeout") || answer.outcome().equals("garbled") || !mayClose
          ? java.util.Optional.of("no answer") : java.util.Optional.empty();
    }
    int status = answer.status().get();
    if (status >= 500) {
      return java.util.Optional.of("server error");
    }
    if (answer.body().contains("\tat ") || answer.body().contains("Exception:")) {
      return java.util.Optional.of("stack trace");
    }
    // Akka HTTP's parser answers through JsonParsingErrorHandler, so its refusals are JSON too.
    if (status >= 400 && !request.isHead() && !isJson(answer.body())) {
      return java.util.Optional.of("4xx without a JSON body");
    }
    return java.util.Optional.empty();
  }

  private static boolean isJson(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isContainerNode();
    } catch (Exception e) {
      return false;
    }
  }

  public synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  public synchronized int total() {
    return total;
  }

  /** The counts as a Markdown table: one row per API and category, one column per status or outcome. */
  public synchronized String table() {
    TreeSet<String> columns = new TreeSet<>();
    counts.values().forEach(row -> columns.addAll(row.keySet()));
    StringBuilder out = new StringBuilder("| API | category | requests |");
    columns.forEach(c -> out.append(' ').append(c).append(" |"));
    out.append("\n|---|---|---:|");
    columns.forEach(c -> out.append("---:|"));
    out.append('\n');
    Map<String, Integer> totals = new TreeMap<>();
    counts.forEach((row, byStatus) -> {
      String[] parts = row.split(" ", 2);
      out.append("| ").append(parts[0].toLowerCase(java.util.Locale.ROOT)).append(" | ").append(parts[1]).append(" | ")
          .append(byStatus.values().stream().mapToInt(Integer::intValue).sum()).append(" |");
      columns.forEach(c -> out.append(' ').append(byStatus.getOrDefault(c, 0)).append(" |"));
      out.append('\n');
      byStatus.forEach((c, n) -> totals.merge(c, n, Integer::sum));
    });
    out.append("| all | all | ").append(total).append(" |");
    columns.forEach(c -> out.append(' ').append(totals.getOrDefault(c, 0)).append(" |"));
    out.append('\n');
    out.append("\nAnswered requests built to fail Akka HTTP's parser before any route sees them (framing abuse): ")
        .append(engineAnswers).append('\n');
    return out.toString();
  }
}
