package io.agentfleet.benchmarks;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.Spawned;
import io.agentfleet.location.model.ComponentType;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Failover time: a primary agent runs a component, its JVM is SIGKILLed (its component halts when its
 * lease lapses), and a backup agent is asked to spawn the same name until it answers Spawned. The
 * same trials run with the product's timings, with the timed fence it had before witnessed leases
 * (fence wait 4 s) and with Akka's default downing timing (stable-after 20 s), in one run. Usage:
 * {@code FailoverBenchmark [trials]}.
 */
public final class FailoverBenchmark {
  private static final Path AGENT_JAR = Path.of("agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path REGISTRY_JAR = Path.of("location-service", "target", "location-service.jar");

  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Map<TimingProfile, List<Long>> results = new java.util.LinkedHashMap<>();
    for (TimingProfile profile : TimingProfile.ALL) {
      results.put(profile, trials(profile, trials));
    }
    TimingProfile.report("SIGKILL of the primary agent -> Spawned on the backup", results);
  }

  private static List<Long> trials(TimingProfile profile, int trials) throws Exception {
    Path logs = Files.createDirectories(Path.of("benchmarks", "target", "bench-logs", "components")).toAbsolutePath();
    int seed = ExternalProcess.freePort();
    int registryHttp = ExternalProcess.freePort();
    List<Long> times = new ArrayList<>();
    ActorSystem<Void> system = null;
    try (ExternalProcess registry = ExternalProcess.start("failover-registry", java(profile, List.of(), REGISTRY_JAR,
            List.of("--cluster-port", "" + seed, "--http-port", "" + registryHttp, "--new-cluster")), Map.of());
        ExternalProcess backup = startAgent(profile, "ESW.backup", seed, logs)) {
      registry.awaitHttp(URI.create("http://127.0.0.1:" + registryHttp + "/health"), body -> body.contains("\"status\":\"ok\""), Duration.ofSeconds(120));
      Map<String, Object> settings = new HashMap<>(profile.settings());
      settings.put("akka.loglevel", "WARNING");
      settings.put("akka.coordinated-shutdown.exit-jvm", "off");
      settings.putAll(ExternalProcess.memberTls().memberSettings());
      system = ActorSystem.create(Behaviors.empty(), ClusterNodeConfig.SYSTEM_NAME, ClusterNodeConfig.load("127.0.0.1",
          ExternalProcess.freePort(), List.of(SeedNode.parse("127.0.0.1:" + seed)), Optional.empty(), settings));
      ClusterJoin.joinSeedsOrSelf(system);
      ClusterJoin.awaitUp(system, Duration.ofSeconds(120)).toCompletableFuture().get();
      ClusterLocationService locations = LocationRegistry.get(system).service();
      AgentClient backupClient = agent(system, locations, Prefix.parse("ESW.backup"));
      for (int trial = 1; trial <= trials; trial++) {
        Prefix name = Prefix.parse("ESW.failover" + trial);
        try (ExternalProcess primary = startAgent(profile, "ESW.primary" + trial, seed, logs)) {
          AgentClient primaryClient = agent(system, locations, Prefix.parse("ESW.primary" + trial));
          if (!(spawn(primaryClient, name) instanceof Spawned)) {
            throw new IllegalStateException("the primary did not spawn " + name);
          }
          long faultAt = System.nanoTime();
          primary.kill();
          Spawned relaunched = relaunch(backupClient, name);
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultAt);
          times.add(ms);
          System.out.printf("%s: trial %d relaunched on the backup after %d ms%n", profile.name(), trial, ms);
          backupClient.killComponent(relaunched.location()).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
      }
    } finally {
      if (system != null) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
    return times;
  }

  private static Spawned relaunch(AgentClient backup, Prefix name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      SpawnResponse response = spawn(backup, name);
      if (response instanceof Spawned spawned) {
        return spawned;
      }
      // Refused while the name is held (or the registry is re-homing it): ask again shortly.
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    throw new IllegalStateException(name + " was not relaunched within 2 minutes");
  }

  private static SpawnResponse spawn(AgentClient client, Prefix name) throws Exception {
    return client.spawnComponent("sample", name, Optional.of(ComponentType.Service), List.of()).toCompletableFuture().get(2, TimeUnit.MINUTES);
  }

  private static AgentClient agent(ActorSystem<?> system, ClusterLocationService locations, Prefix prefix) throws Exception {
    for (int i = 0; i < 600; i++) {
      Optional<AgentClient> client = AgentClient.forPrefix(system, locations, prefix).toCompletableFuture().get();
      if (client.isPresent()) {
        return client.get();
      }
      locations.resolve(AgentClient.agentConnection(prefix), Duration.ofMillis(200)).toCompletableFuture().get();
    }
    throw new IllegalStateException("agent " + prefix + " did not register");
  }

  private static ExternalProcess startAgent(TimingProfile profile, String prefix, int seed, Path logs) throws Exception {
    int http = ExternalProcess.freePort();
    return ExternalProcess.start("failover-agent-" + prefix, java(profile, List.of("-Dagent.logs.directory=" + logs), AGENT_JAR,
        List.of("--prefix", prefix, "--cluster-port", "" + ExternalProcess.freePort(), "--registry-http-port", "" + http,
            "--seeds", "127.0.0.1:" + seed)), Map.of());
  }

  private static List<String> java(TimingProfile profile, List<String> jvm, Path jar, List<String> args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
    command.addAll(profile.jvmOptions());
    command.addAll(ExternalProcess.memberTls().jvmOptions());
    command.addAll(jvm);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    return command;
  }
}
