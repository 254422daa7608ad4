package io.agentfleet.benchmarks;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Register-if-absent and resolve on a registry of 3 (or 5) nodes over its HTTP API, against the same
 * work on an etcd 3.4 cluster of as many members (a put-if-absent transaction and a range read), in
 * one run, on loopback; optionally with agents joined to the registry's cluster. Usage:
 * {@code RegistryBenchmark [registrations] [resolves] [concurrency] [members] [agents] [agent-role]}, where
 * agent-role is {@code none} (agents join with {@code --no-registry-role}, the default) or {@code registry}.
 */
public final class RegistryBenchmark {
  private static final Path REGISTRY_JAR = Path.of("location-service", "target", "location-service.jar");
  private static final Path AGENT_JAR = Path.of("agent-akka-app", "target", "agent-akka-app.jar");

  public static void main(String[] args) throws Exception {
    int registrations = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int resolves = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int members = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int agents = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    boolean agentsHoldRegistry = args.length > 5 && args[5].equals("registry");
    if (args.length > 5 && !agentsHoldRegistry && !args[5].equals("none")) {
      throw new IllegalArgumentException("agent-role must be none or registry, was " + args[5]);
    }
    Path out = Path.of("benchmarks", "target", "registry-benchmark.md");
    List<ExternalProcess> started = new ArrayList<>();
    try {
      int seed = ExternalProcess.freePort();
      List<URI> registry = startRegistry(started, "registry", registryJvmOptions(), members, seed);
      // Agents without the registry role (a large fleet's set-up), or with it (replicas, shards, write majorities).
      startAgents(started, agents, members, seed, agentsHoldRegistry);
      List<ExternalProcess> registryMembers = List.copyOf(started.subList(started.size() - members - agents, started.size()));
      ProcessCpu registryCpu = new ProcessCpu(registryMembers);
      ProcessCpu agentCpu = new ProcessCpu(started.subList(started.size() - agents, started.size()));
      List<URI> etcd = startEtcd(started, "etcd", List.of(), members);
      ProcessCpu etcdCpu = new ProcessCpu(started.subList(started.size() - members, started.size()));
      List<URI> etcdNoFsync = startEtcd(started, "etcd-nofsync", List.of("--unsafe-no-fsync"), members);
      ProcessCpu etcdNoFsyncCpu = new ProcessCpu(started.subList(started.size() - members, started.size()));
      List<String> cpuRows = new ArrayList<>();
      HttpLoad load = new HttpLoad();
      Duration cap = Duration.ofMinutes(2);
      List<LoadResult> results = new ArrayList<>();

      // Warm-up (JIT, connections), not reported.
      load.run("warm-up", 1000, concurrency, cap, i -> registerRegistry(registry, "warm" + i), r -> true);
      load.run("warm-up", 1000, concurrency, cap, i -> putIfAbsentEtcd(etcd, "warm" + i), r -> true);
      load.run("warm-up", 1000, concurrency, cap, i -> putIfAbsentEtcd(etcdNoFsync, "warm" + i), r -> true);

      results.add(measured(cpuRows, registryCpu, agentCpu, () -> load.run("register-if-absent: registry", registrations, concurrency, cap, i -> registerRegistry(registry, "r" + i), r -> r.statusCode() == 201)));
      results.add(measured(cpuRows, etcdCpu, () -> load.run("register-if-absent: etcd", registrations, concurrency, cap, i -> putIfAbsentEtcd(etcd, "r" + i), RegistryBenchmark::etcdSucceeded)));
      results.add(measured(cpuRows, etcdNoFsyncCpu, () -> load.run("register-if-absent: etcd --unsafe-no-fsync", registrations, concurrency, cap, i -> putIfAbsentEtcd(etcdNoFsync, "r" + i), RegistryBenchmark::etcdSucceeded)));

      Random random = new Random(42);
      int[] picks = random.ints(resolves, 0, registrations).toArray();
      results.add(measured(cpuRows, registryCpu, agentCpu, () -> load.run("resolve: registry", resolves, concurrency, cap, i -> resolveRegistry(registry, "r" + picks[i]), r -> r.statusCode() == 200)));
      results.add(measured(cpuRows, etcdCpu, () -> load.run("resolve: etcd (serializable)", resolves, concurrency, cap, i -> rangeEtcd(etcd, "r" + picks[i], true), r -> r.body().contains("\"kvs\""))));
      results.add(measured(cpuRows, etcdCpu, () -> load.run("resolve: etcd (linearizable)", resolves, concurrency, cap, i -> rangeEtcd(etcd, "r" + picks[i], false), r -> r.body().contains("\"kvs\""))));

      // The guarantee under test: a second registration of a name (elsewhere) is refused by both.
      LoadResult duplicates = load.run("duplicate register: registry", 100, 4, cap, i -> registerRegistry(registry, "r" + i, 2), r -> r.statusCode() == 409);
      LoadResult etcdDuplicates = load.run("duplicate register: etcd", 100, 4, cap, i -> putIfAbsentEtcd(etcd, "r" + i), r -> !etcdSucceeded(r));

      StringBuilder report = new StringBuilder();
      report.append(LoadResult.header()).append('\n');
      results.forEach(r -> report.append(r.row()).append('\n'));
      report.append(duplicates.row()).append('\n').append(etcdDuplicates.row()).append('\n');
      report.append("\n| workload | CPU of all members, ms per operation |\n|---|---|\n");
      cpuRows.forEach(row -> report.append(row).append('\n'));
      LoadResult reg = results.get(0);
      LoadResult etc = results.get(1);
      report.append(String.format("%nregister p99 ratio registry/etcd: %.2f (goal <= 2.00); vs etcd --unsafe-no-fsync: %.2f%n",
          reg.percentileMillis(99) / etc.percentileMillis(99), reg.percentileMillis(99) / results.get(2).percentileMillis(99)));
      report.append(String.format("resolve throughput ratio registry/etcd serializable: %.2f, linearizable: %.2f (goal >= 1.00)%n",
          results.get(3).throughput() / results.get(4).throughput(), results.get(3).throughput() / results.get(5).throughput()));
      report.append(String.format("members: %d registry nodes and %d etcd members%s%n", members, members,
          agents == 0 ? "" : ", and " + agents + " agents joined to the registry's cluster ("
              + (agentsHoldRegistry ? "with the registry role" : "without the registry role") + "; their CPU is in the registry's)"));
      finish(report, registrations, resolves, concurrency, out);
    } finally {
      started.forEach(ExternalProcess::close);
    }
  }

  /**
   * JVM options for the registry nodes only (not this driver, not etcd), from the system property
   * {@code registry.jvm-options}: how the trials of docs/benchmarks.md give the registry a setting.
   * {@code @file} stands for the options of a JDK argument file, which JAVA_TOOL_OPTIONS cannot name
   * itself. Without the property the nodes run as shipped, with {@code @deploy/jvm/registry.options}.
   */
  static Map<String, String> registryJvmOptions() throws java.io.IOException {
    List<String> options = new ArrayList<>();
    for (String option : System.getProperty("registry.jvm-options", "@deploy/jvm/registry.options").trim().split("\\s+")) {
      if (option.startsWith("@")) {
        Files.readAllLines(Path.of(option.substring(1))).stream()
            .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(options::add);
      } else if (!option.isEmpty()) {
        options.add(option);
      }
    }
    return options.isEmpty() ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", String.join(" ", options));
  }

  /** Ends {@code report} with the run's settings, prints it and writes it to {@code out}. */
  static void finish(StringBuilder report, int registrations, int resolves, int concurrency, Path out) throws java.io.IOException {
    report.append(String.format("settings: %d registrations, %d resolves, concurrency %d, loopback%n", registrations, resolves, concurrency));
    System.out.println(report);
    Files.writeString(out, report.toString());
    System.out.println("written to " + out);
  }

  interface Workload {
    LoadResult run() throws InterruptedException;
  }

  /** Like {@link #measured(List, ProcessCpu, Workload)}, with a row for the part of it that {@code agents} used, if any. */
  static LoadResult measured(List<String> rows, ProcessCpu all, ProcessCpu agents, Workload workload) throws InterruptedException {
    double before = agents.millis();
    LoadResult result = measured(rows, all, workload);
    if (agents.size() > 0) {
      rows.add(String.format("| %s, of which the agents | %.2f |", result.name(), (agents.millis() - before) / Math.max(1, result.operations())));
    }
    return result;
  }

  /** Runs {@code workload}, noting the CPU its three members used per operation in {@code rows}. */
  static LoadResult measured(List<String> rows, ProcessCpu cpu, Workload workload) throws InterruptedException {
    double before = cpu.millis();
    LoadResult result = workload.run();
    rows.add(String.format("| %s | %.2f |", result.name(), (cpu.millis() - before) / Math.max(1, result.operations())));
    return result;
  }

  private static List<URI> startRegistry(List<ExternalProcess> started) throws Exception {
    return startRegistry(started, "registry", Map.of());
  }

  /** Three registry nodes named {@code name-i}, each with {@code env} (e.g. JAVA_TOOL_OPTIONS with settings). */
  static List<URI> startRegistry(List<ExternalProcess> started, String name, Map<String, String> env) throws Exception {
    return startRegistry(started, name, env, 3, ExternalProcess.freePort());
  }

  /** {@code count} registry nodes named {@code name-i}, each with {@code env}; the first on cluster port {@code seed}. */
  private static List<URI> startRegistry(List<ExternalProcess> started, String name, Map<String, String> env, int count, int seed)
      throws Exception {
    List<URI> uris = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int cluster = i == 0 ? seed : ExternalProcess.freePort();
      int http = ExternalProcess.freePort();
      List<String> args = new ArrayList<>(List.of("--cluster-port", "" + cluster, "--http-port", "" + http));
      args.addAll(i == 0 ? List.of("--new-cluster") : List.of("--seeds", "127.0.0.1:" + seed));
      started.add(ExternalProcess.start(name + "-" + i, ExternalProcess.javaJar(REGISTRY_JAR, args), env));
      uris.add(URI.create("http://127.0.0.1:" + http));
    }
    for (int i = 0; i < count; i++) {
      started.get(started.size() - count + i).awaitHttp(uris.get(i).resolve("/health"), body -> body.contains("\"members\":" + count + ","),
          Duration.ofSeconds(120));
    }
    return uris;
  }

  /**
   * {@code count} agents (the shipped launch settings) joined through cluster port {@code seed}, one at a
   * time, each Up before the next starts: twenty JVMs starting at once on a small machine starve the
   * cluster's heartbeats and the split-brain resolver downs members.
   */
  private static void startAgents(List<ExternalProcess> started, int count, int registryNodes, int seed, boolean holdRegistry)
      throws Exception {
    for (int i = 0; i < count; i++) {
      int http = ExternalProcess.freePort();
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "@" + Path.of("deploy", "jvm", "agent.options")));
      command.addAll(ExternalProcess.memberTls().jvmOptions());
      command.addAll(List.of("-jar", AGENT_JAR.toString(), "--prefix", "ESW.benchagent" + i, "--cluster-port", "" + ExternalProcess.freePort(),
          "--registry-http-port", "" + http, "--seeds", "127.0.0.1:" + seed));
      if (!holdRegistry) {
        command.add("--no-registry-role");
      }
      ExternalProcess agent = ExternalProcess.start("agent-" + i, command, Map.of());
      started.add(agent);
      int members = registryNodes + i + 1;
      agent.awaitHttp(URI.create("http://127.0.0.1:" + http + "/health"), body -> body.contains("\"members\":" + members + ","),
          Duration.ofSeconds(180));
    }
  }

  private static List<URI> startEtcd(List<ExternalProcess> started, String name, List<String> extra, int count) throws Exception {
    Path data = Files.createTempDirectory(name);
    int[] client = new int[count];
    int[] peer = new int[count];
    for (int i = 0; i < count; i++) {
      client[i] = ExternalProcess.freePort();
      peer[i] = ExternalProcess.freePort();
    }
    StringBuilder cluster = new StringBuilder();
    for (int i = 0; i < count; i++) {
      cluster.append(i > 0 ? "," : "").append(name).append(i).append("=http://127.0.0.1:").append(peer[i]);
    }
    List<URI> uris = new ArrayList<>();
    List<ExternalProcess> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<String> command = new ArrayList<>(List.of("etcd", "--name", name + i, "--data-dir", data.resolve("m" + i).toString(),
          "--listen-client-urls", "http://127.0.0.1:" + client[i], "--advertise-client-urls", "http://127.0.0.1:" + client[i],
          "--listen-peer-urls", "http://127.0.0.1:" + peer[i], "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer[i],
          "--initial-cluster", cluster.toString(), "--initial-cluster-state", "new", "--initial-cluster-token", name,
          "--log-level", "warn"));
      command.addAll(extra);
      ExternalProcess member = ExternalProcess.start(name + "-" + i, command, Map.of());
      members.add(member);
      started.add(member);
      uris.add(URI.create("http://127.0.0.1:" + client[i]));
    }
    for (int i = 0; i < count; i++) {
      members.get(i).awaitHttp(uris.get(i).resolve("/health"), body -> body.contains("\"health\":\"true\""), Duration.ofSeconds(60));
    }
    return uris;
  }

  static HttpRequest registerRegistry(List<URI> nodes, String name) {
    return registerRegistry(nodes, name, 1);
  }

  private static HttpRequest registerRegistry(List<URI> nodes, String name, int port) {
    URI node = nodes.get(Math.floorMod(name.hashCode(), nodes.size()));
    String body = "{\"connection\":\"ESW." + name + "-Service-http\",\"uri\":\"http://127.0.0.1:" + port + "/\"}";
    return HttpRequest.newBuilder(node.resolve("/api/v1/locations")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  static HttpRequest resolveRegistry(List<URI> nodes, String name) {
    URI node = nodes.get(Math.floorMod(name.hashCode() * 31, nodes.size()));
    return HttpRequest.newBuilder(node.resolve("/api/v1/locations/ESW." + name + "-Service-http")).GET().build();
  }

  private static HttpRequest putIfAbsentEtcd(List<URI> members, String name) {
    URI member = members.get(Math.floorMod(name.hashCode(), members.size()));
    String key = b64("ESW." + name + "-Service-http");
    String value = b64("{\"uri\":\"http://127.0.0.1:1/\"}");
    String body = "{\"compare\":[{\"key\":\"" + key + "\",\"result\":\"EQUAL\",\"target\":\"CREATE\",\"create_revision\":\"0\"}],"
        + "\"success\":[{\"request_put\":{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}}]}";
    return HttpRequest.newBuilder(member.resolve("/v3/kv/txn")).POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static HttpRequest rangeEtcd(List<URI> members, String name, boolean serializable) {
    URI member = members.get(Math.floorMod(name.hashCode() * 31, members.size()));
    String body = "{\"key\":\"" + b64("ESW." + name + "-Service-http") + "\",\"serializable\":" + serializable + "}";
    return HttpRequest.newBuilder(member.resolve("/v3/kv/range")).POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static boolean etcdSucceeded(HttpResponse<String> response) {
    return response.statusCode() == 200 && response.body().contains("\"succeeded\":true");
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
