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
 * Authenticated {@code GetAgentStatus} (POST /post-endpoint) and the REST agent listing on the Agent
 * Service (real Keycloak token, real agent) with wrk, against a bare Akka HTTP route answering the
 * same bodies, in one run. Usage: {@code AgentServiceBenchmark [seconds] [connections]}.
 */
public final class AgentServiceBenchmark {
  private static final Path AGENT_JAR = Path.of("agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path SERVICE_JAR = Path.of("agent-service-app", "target", "agent-service-app.jar");
  private static final Path OUT = Path.of("benchmarks", "target");

  record WrkResult(String name, double requestsPerSecond, String p50, String p99, String errors) {
    String row() {
      return "| " + name + " | " + String.format("%.0f", requestsPerSecond) + " | " + p50 + " | " + p99 + " | " + errors + " |";
    }
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    Files.createDirectories(OUT.resolve("bench-logs"));
    KeycloakServer keycloak = BenchKeycloak.start();
    List<ExternalProcess> started = new ArrayList<>();
    try {
      int seed = ExternalProcess.freePort();
      int agentHttp = ExternalProcess.freePort();
      ExternalProcess agent = ExternalProcess.start("svc-agent", ExternalProcess.javaJar(AGENT_JAR,
          List.of("--prefix", "ESW.machine1", "--cluster-port", "" + seed, "--registry-http-port", "" + agentHttp, "--new-cluster")), Map.of());
      started.add(agent);
      agent.awaitHttp(URI.create("http://127.0.0.1:" + agentHttp + "/health"), b -> b.contains("\"status\":\"ok\""), Duration.ofSeconds(120));
      int port = ExternalProcess.freePort();
      List<String> service = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
          "-Dagent-service.auth.keycloak-url=" + keycloak.baseUrl()));
      service.addAll(ExternalProcess.memberTls().jvmOptions());
      service.addAll(List.of("-jar", SERVICE_JAR.toString(),
          "--port", "" + port, "--cluster-port", "" + ExternalProcess.freePort(), "--seeds", "127.0.0.1:" + seed));
      ExternalProcess svc = ExternalProcess.start("agent-service", service, Map.of());
      started.add(svc);
      URI base = URI.create("http://127.0.0.1:" + port);
      svc.awaitHttp(base.resolve("/health"), b -> b.contains("\"status\":\"ok\""), Duration.ofSeconds(120));
      String token = keycloak.token(KeycloakServer.REALM, KeycloakServer.FRONTEND_CLIENT, "operator", "operator-pw");

      // The bare route serves exactly what the service answers, so both send the same bytes.
      HttpClient http = HttpClient.newHttpClient();
      String status = "";
      for (int i = 0; i < 100 && !status.contains("ESW.machine1"); i++) {
        status = http.send(HttpRequest.newBuilder(base.resolve("/post-endpoint")).header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString("{\"_type\":\"GetAgentStatus\"}")).build(), HttpResponse.BodyHandlers.ofString()).body();
      }
      String agents = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/agents")).header("Authorization", "Bearer " + token).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Path statusFile = Files.writeString(OUT.resolve("status.json"), status);
      Path agentsFile = Files.writeString(OUT.resolve("agents.json"), agents);
      int barePort = ExternalProcess.freePort();
      List<String> bare = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
          "-cp", Path.of("benchmarks", "target", "benchmarks.jar").toString(), BareRoute.class.getName(), "" + barePort, statusFile.toString(), agentsFile.toString()));
      ExternalProcess bareRoute = ExternalProcess.start("bare-route", bare, Map.of());
      started.add(bareRoute);
      URI bareBase = URI.create("http://127.0.0.1:" + barePort);
      bareRoute.awaitHttp(bareBase.resolve("/api/v1/agents"), b -> true, Duration.ofSeconds(60));

      Path post = Files.writeString(OUT.resolve("post-status.lua"),
          "wrk.method = \"POST\"\nwrk.body = '{\"_type\":\"GetAgentStatus\"}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
      String auth = "Authorization: Bearer " + token;
      // Warm-up of both servers, not reported.
      wrk("warm", base.resolve("/post-endpoint"), auth, post, 5, connections);
      wrk("warm", bareBase.resolve("/post-endpoint"), auth, post, 5, connections);
      wrk("warm", base.resolve("/api/v1/agents"), auth, null, 5, connections);
      wrk("warm", bareBase.resolve("/api/v1/agents"), auth, null, 5, connections);

      List<WrkResult> results = List.of(
          wrk("GetAgentStatus: agent service (token verified)", base.resolve("/post-endpoint"), auth, post, seconds, connections),
          wrk("GetAgentStatus: bare Akka HTTP route", bareBase.resolve("/post-endpoint"), auth, post, seconds, connections),
          wrk("GET /api/v1/agents: agent service (token verified)", base.resolve("/api/v1/agents"), auth, null, seconds, connections),
          wrk("GET /api/v1/agents: bare Akka HTTP route", bareBase.resolve("/api/v1/agents"), auth, null, seconds, connections));
      StringBuilder report = new StringBuilder("| workload | requests/s | p50 | p99 | non-2xx / errors |\n|---|---|---|---|---|\n");
      results.forEach(r -> report.append(r.row()).append('\n'));
      report.append(String.format("%nthroughput ratio service/bare: GetAgentStatus %.2f, listing %.2f (goal >= 0.70)%n",
          results.get(0).requestsPerSecond() / results.get(1).requestsPerSecond(), results.get(2).requestsPerSecond() / results.get(3).requestsPerSecond()));
      report.append(String.format("settings: wrk -t2 -c%d -d%ds --latency, one agent, loopback%n", connections, seconds));
      System.out.println(report);
      Files.writeString(OUT.resolve("agent-service-benchmark.md"), report.toString());
    } finally {
      started.forEach(ExternalProcess::close);
    }
  }

  private static WrkResult wrk(String name, URI url, String header, Path script, int seconds, int connections) throws Exception {
    List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", "-H", header));
    if (script != null) {
      command.addAll(List.of("-s", script.toString()));
    }
    command.add(url.toString());
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes());
    wrk.waitFor();
    double rps = Double.parseDouble(find(output, "Requests/sec:\\s+([0-9.]+)", "0"));
    String errors = find(output, "Non-2xx or 3xx responses: (\\d+)", "0") + " / " + find(output, "Socket errors: (.*)", "none").trim();
    return new WrkResult(name, rps, find(output, "\\s50%\\s+(\\S+)", "?"), find(output, "\\s99%\\s+(\\S+)", "?"), errors);
  }

  private static String find(String text, String regex, String otherwise) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1) : otherwise;
  }
}
