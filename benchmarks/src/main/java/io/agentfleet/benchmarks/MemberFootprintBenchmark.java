package io.agentfleet.benchmarks;

import io.agentfleet.agentservice.testkit.KeycloakServer;
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
 * The footprint of a registry node and of the Agent Service, each with the JVM's defaults and with
 * its shipped options file ({@code deploy/jvm/registry.options}, {@code deploy/jvm/agent-service.options}):
 * start → Up, idle RSS, and RSS, CPU and latency under load. Every member talks mutual TLS, as
 * shipped; the member under test joins a seed registry node. Load: registrations then finds on the
 * registry node's HTTP API; authenticated agent listings ({@code GET /api/v1/agents}, a Keycloak
 * token) on the Agent Service. The settings take turns within each round. Usage:
 * {@code MemberFootprintBenchmark [rounds] [idle seconds] [requests]}.
 */
public final class MemberFootprintBenchmark {
  private static final Path REGISTRY_JAR = Path.of("location-service", "target", "location-service.jar");
  private static final Path SERVICE_JAR = Path.of("agent-service-app", "target", "agent-service-app.jar");
  private static final Path REGISTRY_OPTIONS = Path.of("deploy", "jvm", "registry.options");
  private static final Path SERVICE_OPTIONS = Path.of("deploy", "jvm", "agent-service.options");
  private static final int CONCURRENCY = 8;

  private record Trial(long upMillis, long idleRssKb, long loadedRssKb, double cpuPerRequest, LoadResult load) {}

  /** How one kind of member is started, made Up and loaded. */
  private interface Kind {
    ExternalProcess start(List<String> jvmOptions, String name, int http) throws Exception;

    /** What the load needs in place first (not measured). */
    default void prepare(URI base, String name, int requests) throws InterruptedException {}

    LoadResult load(URI base, String name, int requests) throws InterruptedException;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    Path out = Path.of("benchmarks", "target", "member-footprint-benchmark.md");
    Files.createDirectories(out.getParent().resolve("bench-logs"));
    KeycloakServer keycloak = BenchKeycloak.start();
    List<ExternalProcess> started = new ArrayList<>();
    try {
      int seedPort = ExternalProcess.freePort();
      int seedHttp = ExternalProcess.freePort();
      ExternalProcess seed = ExternalProcess.start("footprint-seed", ExternalProcess.javaJar(REGISTRY_JAR,
          List.of("--cluster-port", "" + seedPort, "--http-port", "" + seedHttp, "--new-cluster")), Map.of());
      started.add(seed);
      seed.awaitHttp(URI.create("http://127.0.0.1:" + seedHttp + "/health"), b -> b.contains("\"memberStatus\":\"Up\""), Duration.ofSeconds(120));
      String seeds = "127.0.0.1:" + seedPort;
      String token = keycloak.token(KeycloakServer.REALM, KeycloakServer.FRONTEND_CLIENT, "operator", "operator-pw");

      Kind registry = new Kind() {
        public ExternalProcess start(List<String> jvmOptions, String name, int http) throws Exception {
          return ExternalProcess.start("footprint-" + name, member(jvmOptions, List.of(), REGISTRY_JAR,
              List.of("--cluster-port", "" + ExternalProcess.freePort(), "--http-port", "" + http, "--seeds", seeds)), Map.of());
        }

        public void prepare(URI base, String name, int count) throws InterruptedException {
          new HttpLoad().run("register", count / 4, CONCURRENCY, Duration.ofMinutes(2), i -> FootprintBenchmark.register(base, name + "_" + i), r -> r.statusCode() == 201);
        }

        public LoadResult load(URI base, String name, int count) throws InterruptedException {
          HttpLoad load = new HttpLoad();
          return load.run("find", count, CONCURRENCY, Duration.ofMinutes(2), i -> FootprintBenchmark.resolve(base, name + "_" + (i % (count / 4))), r -> r.statusCode() == 200);
        }
      };
      Kind service = new Kind() {
        public ExternalProcess start(List<String> jvmOptions, String name, int http) throws Exception {
          return ExternalProcess.start("footprint-" + name, member(jvmOptions, List.of("-Dagent-service.auth.keycloak-url=" + keycloak.baseUrl()),
              SERVICE_JAR, List.of("--port", "" + http, "--cluster-port", "" + ExternalProcess.freePort(), "--seeds", seeds)), Map.of());
        }

        public LoadResult load(URI base, String name, int count) throws InterruptedException {
          HttpRequest agents = HttpRequest.newBuilder(base.resolve("/api/v1/agents")).header("Authorization", "Bearer " + token).GET().build();
          return new HttpLoad().run("agents", count, CONCURRENCY, Duration.ofMinutes(2), i -> agents, r -> r.statusCode() == 200);
        }
      };

      Map<String, Kind> kinds = new LinkedHashMap<>();
      Map<String, List<String>> settings = new LinkedHashMap<>();
      kinds.put("registry node, JVM defaults", registry);
      settings.put("registry node, JVM defaults", List.of());
      kinds.put("registry node, registry.options", registry);
      settings.put("registry node, registry.options", List.of("@" + REGISTRY_OPTIONS));
      kinds.put("Agent Service, JVM defaults", service);
      settings.put("Agent Service, JVM defaults", List.of());
      kinds.put("Agent Service, agent-service.options", service);
      settings.put("Agent Service, agent-service.options", List.of("@" + SERVICE_OPTIONS));

      Map<String, List<Trial>> trials = new LinkedHashMap<>();
      settings.keySet().forEach(name -> trials.put(name, new ArrayList<>()));
      List<String> names = new ArrayList<>(settings.keySet());
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < names.size(); k++) {
          // Each round starts with a different setting, so none always runs first on a cold machine.
          String name = names.get((round + k) % names.size());
          Trial trial = trial(kinds.get(name), settings.get(name), "r" + round + "s" + k, idleSeconds, requests);
          trials.get(name).add(trial);
          System.out.printf("round %d, %s: Up after %d ms, idle RSS %d MiB, after load %d MiB%n",
              round, name, trial.upMillis(), trial.idleRssKb() / 1024, trial.loadedRssKb() / 1024);
        }
      }
      String report = report(trials, rounds, idleSeconds, requests);
      System.out.println(report);
      Files.writeString(out, report);
      System.out.println("written to " + out);
    } finally {
      started.forEach(ExternalProcess::close);
    }
  }

  /** A member's command line: the settings under test, then the fleet's member TLS, then its own options. */
  private static List<String> member(List<String> settings, List<String> own, Path jar, List<String> args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(settings);
    command.addAll(ExternalProcess.memberTls().jvmOptions());
    command.addAll(own);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    return command;
  }

  private static Trial trial(Kind kind, List<String> settings, String name, int idleSeconds, int requests) throws Exception {
    int http = ExternalProcess.freePort();
    URI base = URI.create("http://127.0.0.1:" + http);
    long start = System.nanoTime();
    try (ExternalProcess member = kind.start(settings, name, http)) {
      member.awaitHttp(base.resolve("/health"), body -> body.contains("\"memberStatus\":\"Up\""), Duration.ofSeconds(120), Duration.ofMillis(20));
      long up = (System.nanoTime() - start) / 1_000_000;
      LockSupport.parkNanos(Duration.ofSeconds(idleSeconds).toNanos());
      long idleRss = FootprintBenchmark.status(member.pid(), "VmRSS");
      kind.prepare(base, name, requests);
      ProcessCpu cpu = new ProcessCpu(List.of(member));
      double before = cpu.millis();
      LoadResult load = kind.load(base, name, requests);
      double cpuPerRequest = (cpu.millis() - before) / Math.max(1, load.operations());
      return new Trial(up, idleRss, FootprintBenchmark.status(member.pid(), "VmRSS"), cpuPerRequest, load);
    }
  }

  private static String report(Map<String, List<Trial>> trials, int rounds, int idleSeconds, int requests) {
    StringBuilder report = new StringBuilder();
    report.append("| member, settings | start → Up, median (ms) | idle RSS, each trial (MiB) | idle RSS, median (MiB) | RSS after load, median (MiB) "
        + "| load p50 / p99 ms | load requests/s | CPU per request (ms) | failed |\n|---|---|---|---|---|---|---|---|---|\n");
    trials.forEach((name, list) -> report.append(String.format("| %s | %.0f | %s | %.0f | %.0f | %.2f / %.2f | %.0f | %.3f | %d |%n", name,
        FootprintBenchmark.median(list, t -> t.upMillis()), String.join(", ", list.stream().map(t -> "" + t.idleRssKb() / 1024).toList()),
        FootprintBenchmark.median(list, t -> t.idleRssKb() / 1024.0), FootprintBenchmark.median(list, t -> t.loadedRssKb() / 1024.0),
        FootprintBenchmark.median(list, t -> t.load().percentileMillis(50)), FootprintBenchmark.median(list, t -> t.load().percentileMillis(99)),
        FootprintBenchmark.median(list, t -> t.load().throughput()), FootprintBenchmark.median(list, Trial::cpuPerRequest),
        list.stream().mapToInt(t -> t.load().failures()).sum())));
    report.append(String.format("%nsettings: %d rounds, idle %d s; load, %d in flight: on a registry node %d registrations, then %d finds "
        + "of them (only the finds measured), on the Agent Service %d authenticated GET /api/v1/agents; one seed registry node, loopback, member TLS%n",
        rounds, idleSeconds, CONCURRENCY, requests / 4, requests, requests));
    return report.toString();
  }
}
