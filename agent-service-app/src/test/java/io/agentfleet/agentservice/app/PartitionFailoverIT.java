package io.agentfleet.agentservice.app;

import static io.agentfleet.agentservice.testkit.ServiceHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.agentservice.testkit.ServiceHttp;
import io.agentfleet.location.testkit.ComponentInstances;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Automatic failover of the sequence manager under a real network partition: the registry, three
 * agents and the service each on a host of their own (Linux network namespaces on a bridge). The
 * host running the component is cut off; the component must be registered on another agent while
 * the instance counter never sees two live processes of it; then the link is healed, the cut-off
 * agent (downed by the majority) exits, and is started again for the next trial. Skipped, with the
 * reason, where namespaces cannot be made.
 */
class PartitionFailoverIT {
  private static final Path REGISTRY_JAR = Path.of("..", "location-service", "target", "location-service.jar");
  private static final Path AGENT_JAR = Path.of("..", "agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path SERVICE_JAR = Path.of("target", "agent-service-app.jar");
  private static final Path COMPONENT_LOGS = Path.of("target", "it-logs", "components").toAbsolutePath();
  private static final int CLUSTER_PORT = 25520;
  private static final int HTTP_PORT = 7654;
  private static final int SERVICE_PORT = 7655;
  private static final String COMPONENT = "ESW.sequence_manager";
  private static final List<String> AGENTS = List.of("ESW.cuthost1", "ESW.cuthost2", "ESW.cuthost3");
  private static final int TRIALS = 10;
  private static final Duration START = Duration.ofSeconds(90);

  private static NamespaceNetwork network;
  private static final Map<String, MemberProcess> agents = new LinkedHashMap<>();
  private static ServiceHttp service;

  @BeforeAll
  static void start() {
    NamespaceNetwork.assumeSupported();
    network = NamespaceNetwork.create(2 + AGENTS.size());
    Host registryHost = network.host(0);
    network.start(registryHost, "partition-failover-registry", REGISTRY_JAR, HTTP_PORT, List.of(), List.of(
            "--hostname", registryHost.address(), "--cluster-port", "" + CLUSTER_PORT,
            "--http-host", registryHost.controlAddress(), "--http-port", "" + HTTP_PORT, "--new-cluster"))
        .awaitHealthy(1, START);
    for (String agent : AGENTS) {
      startAgent(agent).awaitHealthy(1 + agents.size(), START);
    }
    Host serviceHost = serviceHost();
    network.start(serviceHost, "partition-failover-service", SERVICE_JAR, SERVICE_PORT,
        List.of("-Dagent-service.auth.disabled=true"),
        List.of("--hostname", serviceHost.address(), "--cluster-port", "" + CLUSTER_PORT, "--host", serviceHost.controlAddress(),
            "--port", "" + SERVICE_PORT, "--seeds", seed()));
    service = new ServiceHttp(serviceHost.httpBase(SERVICE_PORT));
    Eventually.await("the service lists every agent", START, () -> AGENTS.stream().allMatch(a -> agentsListed().contains("\"" + a + "\"")));
  }

  @AfterAll
  static void stop() {
    if (network != null) {
      network.close();
    }
  }

  @Test
  void theSequenceManagerFailsOverWhenItsHostIsCutOffAndNeverRunsTwice() {
    try (InstanceCounter counter = InstanceCounter.watching(COMPONENT)) {
      HttpResponse<String> put = service.send("PUT", "/api/v1/managed-components/" + COMPONENT,
          "{\"kind\":\"sequence-manager\",\"componentType\":\"Service\",\"agents\":[\"ESW.cuthost1\",\"ESW.cuthost2\",\"ESW.cuthost3\"]}", null);
      assertEquals(200, put.statusCode(), put.body());
      assertEquals("ESW.cuthost1", agentOf(json(put)));

      List<Long> took = new ArrayList<>();
      for (int trial = 1; trial <= TRIALS; trial++) {
        String cut = agentOf(show());
        Host cutHost = hostOf(cut);
        List<Long> pids = ComponentInstances.of(COMPONENT);
        assertEquals(1, pids.size(), "one instance before trial " + trial + ": " + pids);
        long cutAt = System.nanoTime();
        network.cut(cutHost);
        try {
          JsonNode after = Eventually.awaitValue(COMPONENT + " runs on another agent than " + cut, START, PartitionFailoverIT::show,
              m -> "Running".equals(m.get("status").asText()) && !cut.equals(agentOf(m)));
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
          took.add(ms);
          assertFalse(ComponentInstances.isLive(pids.get(0)), "the cut-off instance is gone");
          System.out.printf("failover: partition trial %d: %s cut off, registered on %s after %d ms; %s%n",
              trial, cut, agentOf(after), ms, counter);
        } finally {
          network.heal(cutHost);
        }
        // Downed by the majority (or by itself), the cut-off agent exits; it is started again.
        agents.remove(cut).awaitExit(START);
        startAgent(cut).awaitHealthy(2 + AGENTS.size(), START);
        Eventually.await(cut + " is listed again", START, () -> agentsListed().contains("\"" + cut + "\""));
      }
      System.out.printf("failover: partition -> registered on a backup, %d trials, ms: %s%n", TRIALS, took);
      assertEquals(List.of(), counter.doubles(), "samples that saw two live processes of " + COMPONENT);
    }
  }

  private static MemberProcess startAgent(String prefix) {
    Host host = hostOf(prefix);
    MemberProcess agent = network.start(host, "partition-failover-agent-" + prefix, AGENT_JAR, HTTP_PORT,
        List.of("-Dlocation-service.http.host=" + host.controlAddress(), "-Dagent.logs.directory=" + COMPONENT_LOGS.resolve(prefix)),
        List.of("--prefix", prefix, "--hostname", host.address(), "--cluster-port", "" + CLUSTER_PORT,
            "--registry-http-port", "" + HTTP_PORT, "--seeds", seed()));
    agents.put(prefix, agent);
    return agent;
  }

  private static Host hostOf(String agent) {
    return network.host(1 + AGENTS.indexOf(agent));
  }

  private static Host serviceHost() {
    return network.host(1 + AGENTS.size());
  }

  private static String seed() {
    return network.host(0).endpoint(CLUSTER_PORT);
  }

  private static JsonNode show() {
    HttpResponse<String> response;
    try {
      response = service.get("/api/v1/managed-components/" + COMPONENT, null, Duration.ofSeconds(15));
    } catch (AssertionError noAnswer) {
      throw new IllegalStateException(noAnswer.getMessage(), noAnswer);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET answered " + response.statusCode() + " " + response.body());
    }
    return json(response);
  }

  private static String agentsListed() {
    try {
      return service.get("/api/v1/agents", null, Duration.ofSeconds(15)).body();
    } catch (AssertionError notYet) {
      return "";
    }
  }

  private static String agentOf(JsonNode managed) {
    JsonNode placement = managed.get("placement");
    return placement == null || placement.isNull() ? "" : placement.get("agent").asText();
  }
}
