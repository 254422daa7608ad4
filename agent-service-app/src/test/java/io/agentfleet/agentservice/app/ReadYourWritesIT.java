package io.agentfleet.agentservice.app;

import static io.agentfleet.agentservice.testkit.KeycloakServer.FRONTEND_CLIENT;
import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static io.agentfleet.agentservice.testkit.ServiceHttp.json;
import static io.agentfleet.agentservice.testkit.ServiceHttp.seqCompsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.ServiceFleet;
import io.agentfleet.agentservice.testkit.ServiceHttp;
import io.agentfleet.location.testkit.ComponentInstances;
import io.agentfleet.location.testkit.Eventually;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes through the Agent Service, the way ESW's clients use it: spawn, then at once ask
 * the status, then at once kill. Two real agents and the service run in JVMs of their own, with real
 * Keycloak tokens; the service is a member of its own, so its replica is not the one the agents wrote.
 */
class ReadYourWritesIT {
  private static final int ROUNDS_PER_AGENT = 50;
  private static final List<String> AGENTS = List.of("ESW.machine1", "IRIS.machine1");

  private static KeycloakServer keycloak;
  private static ServiceFleet fleet;
  private static ServiceHttp http;

  @BeforeAll
  static void start() {
    keycloak = KeycloakServer.shared();
    fleet = ServiceFleet.start("ryw", AGENTS, keycloak);
    http = fleet.http();
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aSpawnIsSeenByTheNextStatusAndTheNextKill() {
    AtomicInteger seen = new AtomicInteger();
    AtomicInteger killed = new AtomicInteger();
    List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> loops = AGENTS.stream()
        .map(agent -> CompletableFuture.runAsync(() -> rounds(agent, seen, killed, wrong)))
        .toList();
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();

    int rounds = ROUNDS_PER_AGENT * AGENTS.size();
    System.out.printf("read-your-writes: %d rounds, %d seen by the next status, %d killed%n", rounds, seen.get(), killed.get());
    assertEquals(List.of(), wrong.subList(0, Math.min(5, wrong.size())), wrong.size() + " rounds went wrong, the first five shown");
    assertEquals(rounds, seen.get(), "spawns seen by the very next GetAgentStatus");
    assertEquals(rounds, killed.get(), "very next KillComponent answered Killed");
    assertEquals(List.of(), ComponentInstances.startingWith("ESW.ryw_"), "no ESW.ryw_ process left");
    assertEquals(List.of(), ComponentInstances.startingWith("IRIS.ryw_"), "no IRIS.ryw_ process left");
  }

  private static void rounds(String agent, AtomicInteger seen, AtomicInteger killed, List<String> wrong) {
    String subsystem = agent.substring(0, agent.indexOf('.'));
    for (int i = 1; i <= ROUNDS_PER_AGENT; i++) {
      String name = "ryw_" + i;
      String prefix = subsystem + "." + name;
      // A token per round: the run may outlast one token's lifespan.
      String operator = token("operator");
      HttpResponse<String> spawned = http.post("/post-endpoint",
          "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"" + agent + "\",\"componentName\":\"" + name + "\",\"version\":[]}", operator);
      if (!"{\"_type\":\"Spawned\"}".equals(spawned.body())) {
        wrong.add(prefix + " spawn answered " + spawned.statusCode() + " " + spawned.body());
        continue;
      }
      HttpResponse<String> status = http.post("/post-endpoint", "{\"_type\":\"GetAgentStatus\"}", operator);
      if (seqCompsOf(json(status), agent).contains(prefix)) {
        seen.incrementAndGet();
      } else {
        wrong.add(prefix + " missing from the status right after its spawn: " + status.body());
      }
      HttpResponse<String> kill = http.post("/post-endpoint",
          "{\"_type\":\"KillComponent\",\"componentId\":{\"prefix\":\"" + prefix + "\",\"componentType\":\"SequenceComponent\"}}", operator);
      if ("{\"_type\":\"Killed\"}".equals(kill.body())) {
        killed.incrementAndGet();
        List<Long> left = ComponentInstances.of(prefix);
        if (!left.isEmpty()) {
          wrong.add(prefix + " answered Killed but processes " + left + " live");
        }
      } else {
        wrong.add(prefix + " kill answered " + kill.statusCode() + " " + kill.body());
        // Leave nothing running for the next test, whatever this one found.
        Eventually.await(prefix + " is killed", Duration.ofSeconds(60), () -> "{\"_type\":\"Killed\"}".equals(
            http.post("/post-endpoint", "{\"_type\":\"KillComponent\",\"componentId\":{\"prefix\":\"" + prefix
                + "\",\"componentType\":\"SequenceComponent\"}}", token("operator")).body()));
      }
    }
  }

  private static String token(String user) {
    return keycloak.token(REALM, FRONTEND_CLIENT, user, user + "-pw");
  }
}
