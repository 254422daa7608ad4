package io.agentfleet.benchmarks;

import io.agentfleet.agentservice.testkit.ServiceHttp;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.InstanceCounter;
import io.agentfleet.location.testkit.MemberProcess;
import io.agentfleet.location.testkit.NamespaceNetwork;
import io.agentfleet.location.testkit.NamespaceNetwork.Host;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Failover time under a real network partition: the registry node, the primary agent, the backup
 * agent and the Agent Service each on a host of their own (a Linux network namespace on a bridge);
 * the primary's cable is pulled, and the driver asks the service to spawn the same name on the backup
 * until it answers 201. The same trials run with the product's timings and with Akka's default
 * downing timing, in one run; an instance counter checks every trial for two live processes of the
 * name. Needs root and iproute2. Usage: {@code PartitionFailoverBenchmark [trials]}.
 */
public final class PartitionFailoverBenchmark {
  private static final Path REGISTRY_JAR = Path.of("location-service", "target", "location-service.jar");
  private static final Path AGENT_JAR = Path.of("agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path SERVICE_JAR = Path.of("agent-service-app", "target", "agent-service-app.jar");
  private static final Path COMPONENT_LOGS = Path.of("benchmarks", "target", "bench-logs", "partition").toAbsolutePath();
  // Every host has ports of its own, so fixed ports cannot clash.
  private static final int CLUSTER_PORT = 25520;
  private static final int HTTP_PORT = 7654;
  private static final int SERVICE_PORT = 7655;
  private static final String BACKUP = "ESW.backup";
  private static final Duration START = Duration.ofSeconds(120);

  public static void main(String[] args) {
    NamespaceNetwork.Support support = NamespaceNetwork.support();
    if (!support.available()) {
      System.err.println("network namespaces cannot be made here: " + support.reason());
      System.exit(1);
    }
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Map<TimingProfile, List<Long>> results = new LinkedHashMap<>();
    List<String> doubles = new ArrayList<>();
    for (TimingProfile profile : TimingProfile.ALL) {
      results.put(profile, trials(profile, trials, doubles));
    }
    TimingProfile.report("primary's host cut off -> Spawned on the backup", results);
    System.out.println("samples that saw two live processes of a name: " + (doubles.isEmpty() ? "none" : doubles));
  }

  private static List<Long> trials(TimingProfile profile, int trials, List<String> doubles) {
    List<Long> times = new ArrayList<>();
    try (NamespaceNetwork network = NamespaceNetwork.create(4)) {
      Host registryHost = network.host(0);
      String seed = registryHost.endpoint(CLUSTER_PORT);
      network.start(registryHost, "bench-registry", REGISTRY_JAR, HTTP_PORT, profile.jvmOptions(), List.of(
              "--hostname", registryHost.address(), "--cluster-port", "" + CLUSTER_PORT,
              "--http-host", registryHost.controlAddress(), "--http-port", "" + HTTP_PORT, "--new-cluster"))
          .awaitHealthy(1, START);
      startAgent(network, network.host(2), BACKUP, profile, seed).awaitHealthy(2, START);
      Host serviceHost = network.host(3);
      List<String> serviceOptions = new ArrayList<>(profile.jvmOptions());
      serviceOptions.add("-Dagent-service.auth.disabled=true");
      network.start(serviceHost, "bench-service", SERVICE_JAR, SERVICE_PORT, serviceOptions, List.of(
          "--hostname", serviceHost.address(), "--cluster-port", "" + CLUSTER_PORT, "--host", serviceHost.controlAddress(),
          "--port", "" + SERVICE_PORT, "--seeds", seed));
      ServiceHttp service = new ServiceHttp(serviceHost.httpBase(SERVICE_PORT));
      awaitListed(service, BACKUP);
      Host primaryHost = network.host(1);
      for (int trial = 1; trial <= trials; trial++) {
        String primary = "ESW.primary" + trial;
        String name = "ESW.cut" + trial;
        MemberProcess agent = startedAgent(network, primaryHost, primary, profile, seed);
        try (InstanceCounter counter = InstanceCounter.watching(name)) {
          awaitListed(service, primary);
          HttpResponse<String> first = spawn(service, primary, name);
          if (first.statusCode() != 201) {
            throw new IllegalStateException("the primary did not spawn " + name + ": " + first.body());
          }
          long cutAt = System.nanoTime();
          network.cut(primaryHost);
          Eventually.awaitValue(name + " is spawned on the backup", Duration.ofMinutes(2),
              () -> spawn(service, BACKUP, name), response -> response.statusCode() == 201);
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
          times.add(ms);
          network.heal(primaryHost);
          agent.awaitExit(START);
          HttpResponse<String> killed = service.send("DELETE", "/api/v1/components/" + name + "-Service-http", null, null);
          if (killed.statusCode() != 200) {
            throw new IllegalStateException("the backup did not kill " + name + ": " + killed.body());
          }
          counter.doubles().forEach(sample -> doubles.add(name + ": " + sample));
          System.out.printf("%s: trial %d relaunched on the backup after %d ms; %s%n", profile.name(), trial, ms, counter);
        } finally {
          network.heal(primaryHost);
          agent.close();
        }
      }
    }
    return times;
  }

  /**
   * The primary agent of a trial, started again (at most twice more) if it fails to start: on a
   * loaded machine a JVM can miss a start-up deadline of its own, which is not what is measured.
   */
  private static MemberProcess startedAgent(NamespaceNetwork network, Host host, String prefix, TimingProfile profile, String seed) {
    for (int attempt = 1; ; attempt++) {
      MemberProcess agent = startAgent(network, host, prefix, profile, seed);
      try {
        agent.awaitHealthy(4, START);
        return agent;
      } catch (AssertionError notStarted) {
        agent.close();
        if (attempt == 3) {
          throw notStarted;
        }
        System.out.printf("%s did not start (%s); starting it again%n", prefix, notStarted.getMessage().lines().findFirst().orElse(""));
      }
    }
  }

  private static MemberProcess startAgent(NamespaceNetwork network, Host host, String prefix, TimingProfile profile, String seed) {
    List<String> options = new ArrayList<>(profile.jvmOptions());
    options.add("-Dlocation-service.http.host=" + host.controlAddress());
    options.add("-Dagent.logs.directory=" + COMPONENT_LOGS.resolve(prefix));
    return network.start(host, "bench-agent-" + prefix, AGENT_JAR, HTTP_PORT, options, List.of(
        "--prefix", prefix, "--hostname", host.address(), "--cluster-port", "" + CLUSTER_PORT,
        "--registry-http-port", "" + HTTP_PORT, "--seeds", seed));
  }

  private static HttpResponse<String> spawn(ServiceHttp service, String agent, String name) {
    return service.post("/api/v1/agents/" + agent + "/components", "{\"kind\":\"sample\",\"prefix\":\"" + name + "\"}", null);
  }

  private static void awaitListed(ServiceHttp service, String agent) {
    Eventually.awaitValue("the service lists " + agent, START, () -> {
      try {
        HttpResponse<String> agents = service.get("/api/v1/agents", null, Duration.ofSeconds(15));
        return agents.statusCode() + " " + agents.body();
      } catch (AssertionError noAnswer) {
        return noAnswer.getMessage();
      }
    }, listing -> listing.startsWith("200 ") && listing.contains("\"" + agent + "\""));
  }
}
