package io.agentfleet.agentservice.app;

import static io.agentfleet.agentservice.testkit.KeycloakServer.FRONTEND_CLIENT;
import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static io.agentfleet.agentservice.testkit.ServiceHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.ServiceHttp;
import io.agentfleet.location.testkit.ComponentInstances;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.InstanceCounter;
import io.agentfleet.location.testkit.MemberProcess;
import java.net.URI;
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
 * Automatic failover of the sequence manager, managed with a primary and two backups: the machine
 * running it is lost (its agent and every process the agent started are SIGKILLed), and the
 * component is registered again on a backup; an instance counter samples every live process of the
 * name every 50 ms and must never see two. The lost machine's agent is then started again: the
 * component stays where it is. The agents have names of their own: an agent clears what an earlier run
 * of an agent of its name left on its host. Real JVMs for the registry, the agents and the service, and real
 * Keycloak tokens.
 */
class FailoverIT {
  private static final Path REGISTRY_JAR = Path.of("..", "location-service", "target", "location-service.jar");
  private static final Path AGENT_JAR = Path.of("..", "agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path SERVICE_JAR = Path.of("target", "agent-service-app.jar");
  private static final Path COMPONENT_LOGS = Path.of("target", "it-logs", "components").toAbsolutePath();
  private static final String COMPONENT = "ESW.sequence_manager";
  private static final List<String> AGENTS = List.of("ESW.smhost1", "ESW.smhost2", "ESW.smhost3");
  private static final int TRIALS = 10;
  private static final Duration START = Duration.ofSeconds(90);

  private static KeycloakServer keycloak;
  private static MemberProcess registry;
  private static MemberProcess service;
  private static int seed;
  private static final Map<String, MemberProcess> agents = new LinkedHashMap<>();
  private static ServiceHttp http;
  private static final Map<String, Token> tokens = new java.util.HashMap<>();

  @BeforeAll
  static void start() {
    keycloak = KeycloakServer.shared();
    seed = FreePorts.next();
    int registryHttp = FreePorts.next();
    registry = MemberProcess.start("failover-registry", REGISTRY_JAR, registryHttp,
        List.of("--cluster-port", "" + seed, "--http-port", "" + registryHttp, "--new-cluster"));
    registry.awaitHealthy(1, START);
    for (String agent : AGENTS) {
      startAgent(agent).awaitHealthy(1 + agents.size(), START);
    }
    int port = FreePorts.next();
    service = MemberProcess.start("failover-service", SERVICE_JAR, port,
        // An audit file of this run's own, so the entries counted below are this run's.
        List.of("-Dagent-service.auth.keycloak-url=" + keycloak.baseUrl(),
            "-Dagent-service.audit.file=target/failover-it-audit-" + System.currentTimeMillis() + "/audit.jsonl"),
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next(), "--seeds", "127.0.0.1:" + seed));
    http = new ServiceHttp(URI.create("http://127.0.0.1:" + port));
    Eventually.await("the service lists every agent (log: " + service.log() + ")", START,
        () -> AGENTS.stream().allMatch(agent -> agentsListed().contains("\"" + agent + "\"")));
  }

  @AfterAll
  static void stop() {
    agents.values().forEach(MemberProcess::close);
    if (service != null) {
      service.close();
    }
    if (registry != null) {
      registry.close();
    }
    ComponentInstances.of(COMPONENT).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  @Test
  void theSequenceManagerFailsOverToABackupWhenItsMachineIsLostAndNeverRunsTwice() {
    try (InstanceCounter counter = InstanceCounter.watching(COMPONENT)) {
      JsonNode managed = manage();
      assertEquals("Running", managed.get("status").asText(), managed.toString());
      assertEquals("ESW.smhost1", agentOf(managed), "it starts on its primary");

      List<Long> took = new ArrayList<>();
      for (int trial = 1; trial <= TRIALS; trial++) {
        String lost = agentOf(show());
        List<Long> pids = ComponentInstances.of(COMPONENT);
        assertEquals(1, pids.size(), "one instance before trial " + trial + ": " + pids);
        long faultAt = System.nanoTime();
        loseMachine(lost, pids);
        JsonNode after = Eventually.awaitValue(COMPONENT + " runs on a backup of " + lost, START, FailoverIT::show,
            m -> "Running".equals(m.get("status").asText()) && !lost.equals(agentOf(m)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultAt);
        took.add(ms);
        String backup = agentOf(after);
        if (trial == 1) {
          assertEquals("ESW.smhost2", backup, "the first backup takes over from the primary");
        }
        System.out.printf("failover: trial %d: %s lost, registered on %s after %d ms; %s%n", trial, lost, backup, ms, counter);

        // The lost machine comes back: the component stays where it is.
        startAgent(lost).awaitHealthy(2 + AGENTS.size(), START);
        Eventually.await(lost + " is listed by the service", START, () -> agentsListed().contains("\"" + lost + "\""));
        assertEquals(backup, agentOf(show()), "the component stays on " + backup + " when " + lost + " is back");
      }
      System.out.printf("failover: machine loss -> registered on a backup, %d trials, ms: %s%n", TRIALS, took);
      assertEquals(List.of(), counter.doubles(), "samples that saw two live processes of " + COMPONENT);

      JsonNode history = show().get("history");
      long failovers = 0;
      for (JsonNode event : history) {
        if ("FailedOver".equals(event.get("what").asText())) {
          failovers++;
          assertNotEquals(event.get("from").asText(), event.get("to").asText(), event.toString());
        }
      }
      assertEquals(TRIALS, failovers, "one FailedOver event per trial: " + history);

      // What the decider did on its own is in the audit log beside what operators asked for.
      Eventually.await("the audit log holds one failover entry per trial", START, () -> auditedFailovers() == TRIALS);
    }
  }

  private static long auditedFailovers() {
    long count = 0;
    for (JsonNode entry : json(http.get("/api/v1/audit?limit=1000", token("viewer")))) {
      if ("failover-decider".equals(entry.path("user").asText()) && "failover".equals(entry.path("action").asText())
          && "FailedOver".equals(entry.path("result").asText()) && COMPONENT.equals(entry.path("component").asText())) {
        count++;
      }
    }
    return count;
  }

  @Test
  void aComponentKilledOnPurposeIsNotRelaunched() {
    String name = "ESW.kept";
    HttpResponse<String> put = http.send("PUT", "/api/v1/managed-components/" + name,
        "{\"kind\":\"sample\",\"componentType\":\"Service\",\"agents\":[\"ESW.smhost3\",\"ESW.smhost1\"]}", token("operator"));
    assertEquals(200, put.statusCode(), put.body());
    String agent = agentOf(json(put));
    HttpResponse<String> killed = http.send("DELETE", "/api/v1/components/" + name + "-Service", null, token("operator"));
    assertEquals(200, killed.statusCode(), killed.body());
    JsonNode stopped = Eventually.awaitValue(name + " is recorded as stopped", START, () -> showOf(name),
        m -> "Stopped".equals(m.get("status").asText()));
    assertEquals(agent, agentOf(stopped), "it was stopped where it ran");
    assertEquals(List.of(), ComponentInstances.of(name), "nothing relaunched it");
    HttpResponse<String> unmanaged = http.send("DELETE", "/api/v1/managed-components/" + name, null, token("operator"));
    assertEquals(200, unmanaged.statusCode(), unmanaged.body());
    assertEquals(404, http.get("/api/v1/managed-components/" + name, token("viewer")).statusCode());
  }

  @Test
  void anInvalidPolicyIsRefusedWithItsReason() {
    HttpResponse<String> twice = http.send("PUT", "/api/v1/managed-components/ESW.bad",
        "{\"kind\":\"sample\",\"componentType\":\"Service\",\"agents\":[\"ESW.smhost1\",\"ESW.smhost1\"]}", token("operator"));
    assertEquals(400, twice.statusCode(), twice.body());
    assertTrue(twice.body().contains("named twice"), twice.body());
    HttpResponse<String> none = http.send("PUT", "/api/v1/managed-components/ESW.bad",
        "{\"kind\":\"sample\",\"componentType\":\"Service\",\"agents\":[]}", token("operator"));
    assertEquals(400, none.statusCode(), none.body());
    HttpResponse<String> viewer = http.send("PUT", "/api/v1/managed-components/ESW.bad",
        "{\"kind\":\"sample\",\"componentType\":\"Service\",\"agents\":[\"ESW.smhost1\"]}", token("viewer"));
    assertEquals(403, viewer.statusCode(), viewer.body());
    assertEquals(404, http.get("/api/v1/managed-components/ESW.bad", token("viewer")).statusCode());
  }

  private static JsonNode manage() {
    HttpResponse<String> put = http.send("PUT", "/api/v1/managed-components/" + COMPONENT,
        "{\"kind\":\"sequence-manager\",\"componentType\":\"Service\",\"agents\":[\"ESW.smhost1\",\"ESW.smhost2\",\"ESW.smhost3\"]}",
        token("operator"));
    assertEquals(200, put.statusCode(), put.body());
    return json(put);
  }

  /** The machine is lost: its agent and every process the agent started die at once. */
  private static void loseMachine(String agent, List<Long> componentPids) {
    agents.remove(agent).kill();
    componentPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private static MemberProcess startAgent(String prefix) {
    int registryHttp = FreePorts.next();
    MemberProcess agent = MemberProcess.start("failover-agent-" + prefix, AGENT_JAR, registryHttp,
        List.of("-Dagent.logs.directory=" + COMPONENT_LOGS.resolve(prefix)),
        List.of("--prefix", prefix, "--cluster-port", "" + FreePorts.next(), "--registry-http-port", "" + registryHttp,
            "--seeds", "127.0.0.1:" + seed));
    agents.put(prefix, agent);
    return agent;
  }

  private static JsonNode show() {
    return showOf(COMPONENT);
  }

  private static JsonNode showOf(String name) {
    HttpResponse<String> response;
    try {
      response = http.get("/api/v1/managed-components/" + name, token("viewer"));
    } catch (AssertionError noAnswer) {
      throw new IllegalStateException(noAnswer.getMessage(), noAnswer);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + name + " answered " + response.statusCode() + " " + response.body());
    }
    return json(response);
  }

  private static String agentsListed() {
    try {
      return http.get("/api/v1/agents", token("viewer")).body();
    } catch (AssertionError notYet) {
      return "";
    }
  }

  private static String agentOf(JsonNode managed) {
    JsonNode placement = managed.get("placement");
    return placement == null || placement.isNull() ? "" : placement.get("agent").asText();
  }

  /** A token per user, fetched again after a minute: polls ask often, and the realm's tokens live longer. */
  private static synchronized String token(String user) {
    Token cached = tokens.get(user);
    if (cached == null || System.nanoTime() - cached.fetchedAt() > TimeUnit.MINUTES.toNanos(1)) {
      cached = new Token(keycloak.token(REALM, FRONTEND_CLIENT, user, user + "-pw"), System.nanoTime());
      tokens.put(user, cached);
    }
    return cached.value();
  }

  private record Token(String value, long fetchedAt) {}
}
