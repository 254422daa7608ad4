package io.agentfleet.benchmarks;

import io.agentfleet.agentservice.testkit.KeycloakServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provisioning {@code total} sequence components over {@code agents} agents through the Agent Service
 * ({@code Provision} on /post-endpoint, real Keycloak token), against the same components spawned one by
 * one through the same service ({@code SpawnSequenceComponent}, each waiting for the last), in one run.
 * Between the two, and at the end, a provision of an empty config stops everything. Usage:
 * {@code ProvisionBenchmark [total] [agents] [start slots per agent]} (default 100 over 5, 1 slot).
 *
 * <p>All agents share this one machine, which stands in for a host each: with the agents' default of 4
 * start slots, 5 agents start 20 JVMs at once on it, which starved a two-core box until the cluster's
 * failure detector downed everything. One slot each keeps the machine at 5 JVM starts at once, about
 * what one host of a real fleet sees. Agents are named {@code ESW.provbench<n>}, a name no test uses:
 * an agent that starts stops the processes an earlier agent of its name left behind.
 */
public final class ProvisionBenchmark {
  private static final Path AGENT_JAR = Path.of("agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path SERVICE_JAR = Path.of("agent-service-app", "target", "agent-service-app.jar");
  private static final Path OUT = Path.of("benchmarks", "target");
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(15);

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int agentCount = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int startSlots = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Path logs = Files.createDirectories(OUT.resolve("bench-logs").resolve("provision")).toAbsolutePath();
    KeycloakServer keycloak = BenchKeycloak.start();
    List<ExternalProcess> started = new ArrayList<>();
    try {
      int seed = ExternalProcess.freePort();
      List<String> agents = new ArrayList<>();
      for (int a = 1; a <= agentCount; a++) {
        String prefix = "ESW.provbench" + a;
        int registryHttp = ExternalProcess.freePort();
        List<String> cluster = a == 1
            ? List.of("--cluster-port", "" + seed, "--new-cluster")
            : List.of("--cluster-port", "" + ExternalProcess.freePort(), "--seeds", "127.0.0.1:" + seed);
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-Dagent.logs.directory=" + logs, "-Dagent.max-concurrent-starts=" + startSlots));
        command.addAll(ExternalProcess.memberTls().jvmOptions());
        command.addAll(List.of("-jar", AGENT_JAR.toString(), "--prefix", prefix, "--registry-http-port", "" + registryHttp));
        command.addAll(cluster);
        ExternalProcess agent = ExternalProcess.start("prov-agent-" + prefix, command, Map.of());
        started.add(agent);
        agent.awaitHttp(URI.create("http://127.0.0.1:" + registryHttp + "/health"), b -> b.contains("\"status\":\"ok\""), Duration.ofSeconds(180));
        agents.add(prefix);
      }
      int port = ExternalProcess.freePort();
      List<String> service = new ArrayList<>(List.of(java(), "-Xmx512m", "-Dagent-service.auth.keycloak-url=" + keycloak.baseUrl()));
      service.addAll(ExternalProcess.memberTls().jvmOptions());
      service.addAll(List.of("-jar", SERVICE_JAR.toString(),
          "--port", "" + port, "--cluster-port", "" + ExternalProcess.freePort(), "--seeds", "127.0.0.1:" + seed));
      ExternalProcess svc = ExternalProcess.start("prov-agent-service", service, Map.of());
      started.add(svc);
      URI endpoint = URI.create("http://127.0.0.1:" + port + "/post-endpoint");
      svc.awaitHttp(URI.create("http://127.0.0.1:" + port + "/health"), b -> true, Duration.ofSeconds(180));
      String token = keycloak.token(KeycloakServer.REALM, KeycloakServer.FRONTEND_CLIENT, "operator", "operator-pw");
      HttpClient http = HttpClient.newHttpClient();
      long seen = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!agents.stream().allMatch(post(http, endpoint, token, "{\"_type\":\"GetAgentStatus\"}")::contains)) {
        if (System.nanoTime() > seen) {
          throw new IllegalStateException("the service did not see every agent within 2 minutes");
        }
      }
      String provision = provisionRequest(agents, total);
      String empty = "{\"_type\":\"Provision\",\"config\":{\"config\":[]}}";

      // Warm-up: one component through each path, so both run on warm JVMs.
      check(post(http, endpoint, token, spawn(agents.get(0), "ESW_1")), "{\"_type\":\"Spawned\"}");
      check(post(http, endpoint, token, empty), "{\"_type\":\"Success\"}");

      // One by one: each spawn waits for the last, as a caller without provisioning does it.
      long t0 = System.nanoTime();
      int spawned = 0;
      List<String> failures = new ArrayList<>();
      int perAgent = total / agents.size();
      for (int n = 1; n <= total; n++) {
        String agent = agents.get(Math.min((n - 1) / perAgent, agents.size() - 1));
        String answer = post(http, endpoint, token, spawn(agent, "ESW_" + n));
        if (answer.equals("{\"_type\":\"Spawned\"}")) {
          spawned++;
        } else {
          failures.add(answer);
        }
      }
      Duration oneByOne = Duration.ofNanos(System.nanoTime() - t0);
      int runningAfterOneByOne = running(post(http, endpoint, token, "{\"_type\":\"GetAgentStatus\"}"));
      System.out.printf("one by one: %d Spawned, %d failed, %d running, %.1f s%n", spawned, failures.size(), runningAfterOneByOne, oneByOne.toMillis() / 1000.0);
      check(post(http, endpoint, token, empty), "{\"_type\":\"Success\"}");

      long t1 = System.nanoTime();
      String provisioned = post(http, endpoint, token, provision);
      Duration byProvision = Duration.ofNanos(System.nanoTime() - t1);
      int runningAfterProvision = running(post(http, endpoint, token, "{\"_type\":\"GetAgentStatus\"}"));
      long t2 = System.nanoTime();
      String again = post(http, endpoint, token, provision);
      Duration reapply = Duration.ofNanos(System.nanoTime() - t2);
      int runningAfterReapply = running(post(http, endpoint, token, "{\"_type\":\"GetAgentStatus\"}"));
      check(post(http, endpoint, token, empty), "{\"_type\":\"Success\"}");

      StringBuilder report = new StringBuilder("| workload | components running after | answer | seconds |\n|---|---|---|---|\n");
      report.append(String.format("| %d spawned one by one through the service | %d | %d Spawned, %d failed | %.1f |%n",
          total, runningAfterOneByOne, spawned, failures.size(), oneByOne.toMillis() / 1000.0));
      report.append(String.format("| one Provision of %d over %d agents | %d | %s | %.1f |%n",
          total, agents.size(), runningAfterProvision, provisioned.length() > 80 ? provisioned.substring(0, 80) + "…" : provisioned, byProvision.toMillis() / 1000.0));
      report.append(String.format("| the same Provision again | %d | %s | %.1f |%n", runningAfterReapply, again, reapply.toMillis() / 1000.0));
      report.append(String.format("%nspeed-up provision / one by one: %.2fx (goal >= 3x)%n", (double) oneByOne.toNanos() / byProvision.toNanos()));
      failures.stream().limit(5).forEach(f -> report.append("one-by-one failure: ").append(f).append('\n'));
      report.append(String.format("settings: %d sequence components (sample component), %d agents with %d start slots each, one machine, loopback%n",
          total, agents.size(), startSlots));
      System.out.println(report);
      Files.writeString(OUT.resolve("provision-benchmark.md"), report.toString());
    } finally {
      started.forEach(ExternalProcess::close);
    }
  }

  private static String provisionRequest(List<String> agents, int total) {
    List<String> entries = new ArrayList<>();
    int perAgent = total / agents.size();
    for (int a = 0; a < agents.size(); a++) {
      int count = a == agents.size() - 1 ? total - perAgent * (agents.size() - 1) : perAgent;
      entries.add("{\"agentPrefix\":\"" + agents.get(a) + "\",\"countOfSeqComps\":" + count + "}");
    }
    return "{\"_type\":\"Provision\",\"config\":{\"config\":[" + String.join(",", entries) + "]}}";
  }

  private static String spawn(String agent, String name) {
    return "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"" + agent + "\",\"componentName\":\"" + name + "\",\"version\":[]}";
  }

  /** How many sequence components ESW's status lists under agents. */
  private static int running(String status) {
    Matcher m = Pattern.compile("\"seqCompId\"").matcher(status);
    int count = 0;
    while (m.find()) {
      count++;
    }
    return count;
  }

  private static void check(String answer, String expected) {
    if (!answer.equals(expected)) {
      throw new IllegalStateException("expected " + expected + ", got " + answer);
    }
  }

  private static String post(HttpClient http, URI endpoint, String token, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
