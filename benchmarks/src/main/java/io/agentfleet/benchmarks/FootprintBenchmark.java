package io.agentfleet.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * An agent's footprint under each set of launch settings: start → joined (its registry HTTP API
 * answers {@code memberStatus: Up}), idle RSS, and RSS, CPU and latency under load on its registry
 * HTTP API. One registry node; the settings take turns within each round. Usage:
 * {@code FootprintBenchmark [rounds] [idle seconds] [registrations] [resolves]}.
 */
public final class FootprintBenchmark {
  private static final Path REGISTRY_JAR = Path.of("location-service", "target", "location-service.jar");
  private static final Path AGENT_JAR = Path.of("agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path AGENT_OPTIONS = Path.of("deploy", "jvm", "agent.options");
  private static final Path ARCHIVE = Path.of("benchmarks", "target", "footprint", "agent.jsa");
  private static final int CONCURRENCY = 8;

  private record Trial(long joinedMillis, long idleRssKb, long loadedRssKb, long peakRssKb, double cpuPerRegister,
      double cpuPerResolve, LoadResult register, LoadResult resolve) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int registrations = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int resolves = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
    Path out = Path.of("benchmarks", "target", "footprint-benchmark.md");
    Map<String, List<String>> settings = new LinkedHashMap<>();
    settings.put("JVM defaults", List.of());
    settings.put("shipped (agent.options)", List.of("@" + AGENT_OPTIONS));
    settings.put("shipped + CDS archive", List.of("@" + AGENT_OPTIONS, "-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:cds=off"));
    settings.put("shipped + CDS archive, --no-registry-role",
        List.of("@" + AGENT_OPTIONS, "-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:cds=off", "--no-registry-role"));
    Map<String, List<Trial>> trials = new LinkedHashMap<>();
    settings.keySet().forEach(name -> trials.put(name, new ArrayList<>()));

    try (ExternalProcess registry = startRegistry()) {
      String seed = "127.0.0.1:" + registrySeedPort;
      makeArchive(seed);
      List<String> names = new ArrayList<>(settings.keySet());
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < names.size(); k++) {
          // Each round starts with a different setting, so none always runs first on a cold machine.
          String name = names.get((round + k) % names.size());
          Trial trial = trialAgainOnExit(settings.get(name), seed, "r" + round + "s" + k, idleSeconds, registrations, resolves);
          trials.get(name).add(trial);
          System.out.printf("round %d, %s: joined %d ms, idle RSS %d MiB, after load %d MiB%n",
              round, name, trial.joinedMillis(), trial.idleRssKb() / 1024, trial.loadedRssKb() / 1024);
        }
      }
    }
    String report = report(trials, rounds, idleSeconds, registrations, resolves);
    System.out.println(report);
    Files.writeString(out, report);
    System.out.println("written to " + out);
  }

  private static int registrySeedPort;

  private static ExternalProcess startRegistry() throws IOException {
    registrySeedPort = ExternalProcess.freePort();
    int http = ExternalProcess.freePort();
    ExternalProcess registry = ExternalProcess.start("footprint-registry", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", REGISTRY_JAR.toString(), "--cluster-port", "" + registrySeedPort, "--http-port", "" + http,
        "--new-cluster", "--insecure-plain-tcp"), Map.of());
    registry.awaitHttp(URI.create("http://127.0.0.1:" + http + "/health"), body -> body.contains("\"memberStatus\":\"Up\""), Duration.ofSeconds(120));
    return registry;
  }

  /** One training run with the shipped settings that writes the classes it loaded to the archive at exit. */
  private static void makeArchive(String seed) throws IOException {
    Files.createDirectories(ARCHIVE.getParent());
    Files.deleteIfExists(ARCHIVE);
    List<String> options = List.of("@" + AGENT_OPTIONS, "-XX:ArchiveClassesAtExit=" + ARCHIVE, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    int http = ExternalProcess.freePort();
    try (ExternalProcess agent = startAgent(options, seed, "training", http)) {
      agent.awaitHttp(URI.create("http://127.0.0.1:" + http + "/health"), body -> body.contains("\"memberStatus\":\"Up\""), Duration.ofSeconds(120));
    }
    if (!Files.exists(ARCHIVE)) {
      throw new IllegalStateException("no class archive written to " + ARCHIVE);
    }
  }

  /** {@code options} are the JVM's, except those starting with "--", which are the agent's own. */
  private static ExternalProcess startAgent(List<String> options, String seed, String name, int http) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(options.stream().filter(option -> !option.startsWith("--")).toList());
    command.addAll(List.of("-jar", AGENT_JAR.toString(), "--prefix", "ESW.footprint_" + name,
        "--cluster-port", "" + ExternalProcess.freePort(), "--registry-http-port", "" + http, "--seeds", seed, "--insecure-plain-tcp"));
    command.addAll(options.stream().filter(option -> option.startsWith("--")).toList());
    return ExternalProcess.start("footprint-agent-" + name, command, Map.of());
  }

  /**
   * A trial whose agent exits on its own (on a loaded machine an agent may miss a start-up deadline
   * and exit) is run again with a fresh agent, at most twice, and said so; the third exit ends the run.
   */
  private static Trial trialAgainOnExit(List<String> options, String seed, String name, int idleSeconds, int registrations, int resolves)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return trial(options, seed, attempt == 1 ? name : name + "_" + attempt, idleSeconds, registrations, resolves);
      } catch (IllegalStateException | java.io.UncheckedIOException | IOException e) {
        if (attempt == 3) {
          throw e;
        }
        System.out.printf("trial %s: the agent exited (%s); starting it again%n", name, e.getMessage());
      }
    }
  }

  private static Trial trial(List<String> options, String seed, String name, int idleSeconds, int registrations, int resolves)
      throws Exception {
    int http = ExternalProcess.freePort();
    URI base = URI.create("http://127.0.0.1:" + http);
    long start = System.nanoTime();
    try (ExternalProcess agent = startAgent(options, seed, name, http)) {
      agent.awaitHttp(base.resolve("/health"), body -> body.contains("\"memberStatus\":\"Up\""), Duration.ofSeconds(120), Duration.ofMillis(20));
      long joined = (System.nanoTime() - start) / 1_000_000;
      LockSupport.parkNanos(Duration.ofSeconds(idleSeconds).toNanos());
      long idleRss = status(agent.pid(), "VmRSS");

      ProcessCpu cpu = new ProcessCpu(List.of(agent));
      HttpLoad load = new HttpLoad();
      Duration cap = Duration.ofMinutes(2);
      double before = cpu.millis();
      LoadResult register = load.run("register", registrations, CONCURRENCY, cap, i -> register(base, name + "_" + i), r -> r.statusCode() == 201);
      double afterRegister = cpu.millis();
      LoadResult resolve = load.run("resolve", resolves, CONCURRENCY, cap, i -> resolve(base, name + "_" + (i % registrations)), r -> r.statusCode() == 200);
      double afterResolve = cpu.millis();
      return new Trial(joined, idleRss, status(agent.pid(), "VmRSS"), status(agent.pid(), "VmHWM"),
          (afterRegister - before) / Math.max(1, register.operations()), (afterResolve - afterRegister) / Math.max(1, resolve.operations()),
          register, resolve);
    }
  }

  /** A registration of {@code ESW.<name>-Service-http} on a registry HTTP API. */
  static HttpRequest register(URI agent, String name) {
    String body = "{\"connection\":\"ESW." + name + "-Service-http\",\"uri\":\"http://127.0.0.1:9/\"}";
    return HttpRequest.newBuilder(agent.resolve("/api/v1/locations")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /** A plain find of what {@link #register} registered. */
  static HttpRequest resolve(URI agent, String name) {
    return HttpRequest.newBuilder(agent.resolve("/api/v1/locations/ESW." + name + "-Service-http")).GET().build();
  }

  /** A {@code kB} field of {@code /proc/<pid>/status}, e.g. VmRSS (resident now) or VmHWM (its peak). */
  static long status(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no " + field + " for process " + pid);
  }

  private static String report(Map<String, List<Trial>> trials, int rounds, int idleSeconds, int registrations, int resolves) {
    StringBuilder report = new StringBuilder();
    report.append("| settings | start → joined, median (ms) | idle RSS, median (MiB) | RSS after load, median (MiB) | peak RSS, median (MiB) "
        + "| register p50 / p99 ms | register CPU ms/op | resolve p50 / p99 ms | resolve CPU ms/op | failed |\n");
    report.append("|---|---|---|---|---|---|---|---|---|---|\n");
    trials.forEach((name, list) -> report.append(String.format("| %s | %.0f | %.0f | %.0f | %.0f | %.1f / %.1f | %.2f | %.2f / %.2f | %.3f | %d |%n", name,
        median(list, t -> t.joinedMillis()), median(list, t -> t.idleRssKb() / 1024.0), median(list, t -> t.loadedRssKb() / 1024.0),
        median(list, t -> t.peakRssKb() / 1024.0),
        median(list, t -> t.register().percentileMillis(50)), median(list, t -> t.register().percentileMillis(99)), median(list, Trial::cpuPerRegister),
        median(list, t -> t.resolve().percentileMillis(50)), median(list, t -> t.resolve().percentileMillis(99)), median(list, Trial::cpuPerResolve),
        list.stream().mapToInt(t -> t.register().failures() + t.resolve().failures()).sum())));
    report.append("\n| settings | start → joined, each trial (ms) | idle RSS, each trial (MiB) |\n|---|---|---|\n");
    trials.forEach((name, list) -> report.append(String.format("| %s | %s | %s |%n", name,
        String.join(", ", list.stream().map(t -> "" + t.joinedMillis()).toList()),
        String.join(", ", list.stream().map(t -> "" + t.idleRssKb() / 1024).toList()))));
    List<Trial> defaults = trials.get("JVM defaults");
    trials.forEach((name, list) -> report.append(String.format("%n%s / JVM defaults: idle RSS %.2f, start → joined %.2f", name,
        median(list, t -> t.idleRssKb()) / median(defaults, t -> t.idleRssKb()),
        median(list, t -> t.joinedMillis()) / median(defaults, t -> t.joinedMillis()))));
    report.append(String.format("%n%nsettings: %d rounds, idle %d s, %d registrations then %d resolves on the agent's registry HTTP API, "
        + "%d in flight, one registry node, loopback%n", rounds, idleSeconds, registrations, resolves, CONCURRENCY));
    return report.toString();
  }

  /** The median of {@code figure} over {@code trials}; NaN for none. */
  static <T> double median(List<T> trials, java.util.function.ToDoubleFunction<T> figure) {
    double[] values = trials.stream().mapToDouble(figure).sorted().toArray();
    int n = values.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
