package io.agentfleet.benchmarks;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.Spawned;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import io.agentfleet.location.node.ClusterJoin;
import io.agentfleet.location.node.ClusterNodeConfig;
import io.agentfleet.location.node.SeedNode;
import io.agentfleet.location.registry.ClusterLocationService;
import io.agentfleet.location.registry.LocationRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Spawn latency (request to {@code Spawned}) of the sample component through an agent, against the
 * same component started by hand (same JVM options and class path) until it is registered, in one
 * run; then 50 at once both ways. Usage: {@code SpawnBenchmark [rounds] [burst] [start slots]}: the
 * agent's {@code agent.max-concurrent-starts} (default 4); fewer slots make the burst queue longer.
 */
public final class SpawnBenchmark {
  private static final Path AGENT_JAR = Path.of("agent-akka-app", "target", "agent-akka-app.jar");
  // The sample kind's own JVM options (agent-akka-app reference.conf), so both paths start the same JVM.
  private static final List<String> SAMPLE_JVM = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int burst = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int startSlots = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int seed = ExternalProcess.freePort();
    int registryHttp = ExternalProcess.freePort();
    URI registryUrl = URI.create("http://127.0.0.1:" + registryHttp);
    Path logs = Files.createDirectories(Path.of("benchmarks", "target", "bench-logs", "components")).toAbsolutePath();
    List<ExternalProcess> started = new ArrayList<>();
    ActorSystem<Void> system = null;
    try (ExternalProcess agent = ExternalProcess.start("agent", jvmJar(List.of("-Dagent.logs.directory=" + logs, "-Dagent.max-concurrent-starts=" + startSlots),
        List.of("--prefix", "ESW.bench", "--cluster-port", "" + seed, "--registry-http-port", "" + registryHttp, "--new-cluster")), Map.of())) {
      agent.awaitHttp(registryUrl.resolve("/health"), body -> body.contains("\"status\":\"ok\""), Duration.ofSeconds(120));
      system = ActorSystem.create(Behaviors.empty(), ClusterNodeConfig.SYSTEM_NAME, ClusterNodeConfig.load("127.0.0.1", ExternalProcess.freePort(),
          List.of(SeedNode.parse("127.0.0.1:" + seed)), Optional.empty(), memberSettings()));
      ClusterJoin.joinSeedsOrSelf(system);
      ClusterJoin.awaitUp(system, Duration.ofSeconds(60)).toCompletableFuture().get();
      ClusterLocationService locations = LocationRegistry.get(system).service();
      AgentClient agentClient = waitForAgent(system, locations);

      // Warm-up both paths once.
      spawnThroughAgent(agentClient, locations, Prefix.parse("ESW.warm_a"));
      byHand(locations, Prefix.parse("ESW.warm_h"), registryUrl, started);

      long[] viaAgent = new long[rounds];
      long[] viaHand = new long[rounds];
      for (int i = 0; i < rounds; i++) {
        // Alternate the two paths so drift in machine load hits both alike.
        viaAgent[i] = spawnThroughAgent(agentClient, locations, Prefix.parse("ESW.a" + i));
        viaHand[i] = byHand(locations, Prefix.parse("ESW.h" + i), registryUrl, started);
      }
      LoadResult agentResult = new LoadResult("spawn via agent (request to Spawned)", rounds, 0, Duration.ofNanos(sum(viaAgent)), viaAgent);
      LoadResult handResult = new LoadResult("started by hand (start to registered)", rounds, 0, Duration.ofNanos(sum(viaHand)), viaHand);

      long t0 = System.nanoTime();
      List<CompletableFuture<SpawnResponse>> spawns = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        spawns.add(agentClient.spawnComponent("sample", Prefix.parse("ESW.ba" + i), Optional.of(ComponentType.Service), List.of()).toCompletableFuture());
      }
      CompletableFuture.allOf(spawns.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      Duration burstAgent = Duration.ofNanos(System.nanoTime() - t0);
      long spawned = spawns.stream().filter(f -> f.join() instanceof Spawned).count();
      // Why the others failed, one line per reason (the reason's first words name the cause).
      Map<String, Long> failures = spawns.stream().map(CompletableFuture::join).filter(r -> r instanceof Failed)
          .collect(java.util.stream.Collectors.groupingBy(r -> ((Failed) r).reason().name(), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
      for (CompletableFuture<SpawnResponse> f : spawns) {
        if (f.join() instanceof Spawned s) {
          agentClient.killComponent(s.location()).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
      }

      long t1 = System.nanoTime();
      List<CompletableFuture<Optional<Location>>> registered = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        Prefix prefix = Prefix.parse("ESW.bh" + i);
        started.add(startByHand(prefix, registryUrl));
        registered.add(locations.resolve(connection(prefix), Duration.ofMinutes(5)).toCompletableFuture());
      }
      CompletableFuture.allOf(registered.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      Duration burstHand = Duration.ofNanos(System.nanoTime() - t1);
      long handRegistered = registered.stream().filter(f -> f.join().isPresent()).count();

      StringBuilder report = new StringBuilder(LoadResult.header()).append('\n')
          .append(agentResult.row()).append('\n').append(handResult.row()).append('\n');
      report.append(String.format("%np50 ratio agent/by hand: %.3f (goal <= 1.15); p99 ratio: %.3f%n",
          agentResult.percentileMillis(50) / handResult.percentileMillis(50), agentResult.percentileMillis(99) / handResult.percentileMillis(99)));
      report.append(String.format("%d at once: via agent %d spawned in %.1f s; by hand %d registered in %.1f s; ratio %.3f%n",
          burst, spawned, burstAgent.toMillis() / 1000.0, handRegistered, burstHand.toMillis() / 1000.0, (double) burstAgent.toNanos() / burstHand.toNanos()));
      failures.forEach((reason, count) -> report.append(String.format("  via agent failed: %d x %s%n", count, reason)));
      report.append(String.format("settings: %d alternating rounds, sample component, one agent (%d start slots), loopback%n", rounds, startSlots));
      System.out.println(report);
      Files.writeString(Path.of("benchmarks", "target", "spawn-benchmark.md"), report.toString());
    } finally {
      started.forEach(ExternalProcess::close);
      if (system != null) {
        system.terminate();
      }
    }
  }

  private static AgentClient waitForAgent(ActorSystem<?> system, ClusterLocationService locations) throws Exception {
    for (int i = 0; i < 300; i++) {
      Optional<AgentClient> client = AgentClient.forPrefix(system, locations, Prefix.parse("ESW.bench")).toCompletableFuture().get();
      if (client.isPresent()) {
        return client.get();
      }
      locations.resolve(AgentClient.agentConnection(Prefix.parse("ESW.bench")), Duration.ofMillis(200)).toCompletableFuture().get();
    }
    throw new IllegalStateException("the agent did not register");
  }

  private static long spawnThroughAgent(AgentClient agent, ClusterLocationService locations, Prefix prefix) throws Exception {
    long t0 = System.nanoTime();
    SpawnResponse response = agent.spawnComponent("sample", prefix, Optional.of(ComponentType.Service), List.of()).toCompletableFuture().get(2, TimeUnit.MINUTES);
    long elapsed = System.nanoTime() - t0;
    if (!(response instanceof Spawned spawned)) {
      throw new IllegalStateException("spawn failed: " + response);
    }
    agent.killComponent(spawned.location()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    return elapsed;
  }

  private static long byHand(ClusterLocationService locations, Prefix prefix, URI registryUrl, List<ExternalProcess> started) throws Exception {
    long t0 = System.nanoTime();
    ExternalProcess process = startByHand(prefix, registryUrl);
    Optional<Location> registered = locations.resolve(connection(prefix), Duration.ofMinutes(2)).toCompletableFuture().get();
    long elapsed = System.nanoTime() - t0;
    if (registered.isEmpty()) {
      throw new IllegalStateException(prefix + " started by hand did not register");
    }
    process.close();
    locations.unregister(connection(prefix)).toCompletableFuture().get();
    return elapsed;
  }

  private static ExternalProcess startByHand(Prefix prefix, URI registryUrl) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(SAMPLE_JVM);
    command.addAll(List.of("-cp", AGENT_JAR.toAbsolutePath().toString(), "io.agentfleet.agent.sample.SampleComponent", "--component-type", "Service"));
    return ExternalProcess.start("hand-" + prefix, command, Map.of("AGENT_COMPONENT_PREFIX", prefix.toString(), "LOCATION_REGISTRY_URL", registryUrl.toString()));
  }

  private static Connection connection(Prefix prefix) {
    return new Connection(prefix, ComponentType.Service, ConnectionType.HTTP);
  }

  /** The in-process member's settings: quiet, outliving its actor system, over mutual TLS like the others. */
  private static Map<String, Object> memberSettings() {
    Map<String, Object> settings = new HashMap<>(ExternalProcess.memberTls().memberSettings());
    settings.put("akka.loglevel", "WARNING");
    settings.put("akka.coordinated-shutdown.exit-jvm", "off");
    return settings;
  }

  private static List<String> jvmJar(List<String> jvm, List<String> args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
    command.addAll(ExternalProcess.memberTls().jvmOptions());
    command.addAll(jvm);
    command.addAll(List.of("-jar", AGENT_JAR.toString()));
    command.addAll(args);
    return command;
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long v : values) {
      total += v;
    }
    return total;
  }
}
