package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.JsonHttp;
import io.agentfleet.location.testkit.JsonHttp.Reply;
import io.agentfleet.location.testkit.MemberProcess;
import io.agentfleet.location.testkit.RegistryCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real three-node registry: separate JVMs on loopback, started from the executable jar. */
class RegistryClusterIT {
  private static final Path JAR = Path.of("target", "location-service.jar");

  private RegistryCluster cluster;

  @BeforeEach
  void start() {
    cluster = RegistryCluster.start(JAR, 3);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static String registration(String connection, int port) {
    return "{\"connection\":\"" + connection + "\",\"uri\":\"http://127.0.0.1:" + port + "/\"}";
  }

  private static Reply post(MemberProcess node, String connection, int port) {
    return JsonHttp.send(node.httpBase(), "POST", "/api/v1/locations", registration(connection, port));
  }

  private static Set<String> listed(MemberProcess node) {
    return node.listedConnections();
  }

  @Test
  void registrationsMadeThroughAnyNodeAreVisibleOnAll() {
    Set<String> expected = Set.of("ESW.a0-Service-http", "ESW.a1-Service-http", "ESW.a2-Service-http");
    for (int i = 0; i < 3; i++) {
      assertEquals(201, post(cluster.node(i), "ESW.a" + i + "-Service-http", 1000 + i).status());
    }
    for (int i = 0; i < 3; i++) {
      MemberProcess node = cluster.node(i);
      Eventually.await("node " + i + " lists all three", Duration.ofSeconds(10), () -> listed(node).containsAll(expected));
      for (String name : expected) {
        assertEquals(200, JsonHttp.send(node.httpBase(), "GET", "/api/v1/locations/" + name, null).status());
      }
    }
  }

  @Test
  void fiftyConcurrentRegistrationsOfOneNameGiveExactlyOneWinner() throws Exception {
    String name = "ESW.contested-SequenceComponent-http";
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<CompletableFuture<Reply>> attempts = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        MemberProcess node = cluster.node(i % 3);
        int port = 2000 + i;
        attempts.add(CompletableFuture.supplyAsync(() -> post(node, name, port), pool));
      }
      List<Reply> replies = attempts.stream().map(CompletableFuture::join).toList();
      List<Reply> winners = replies.stream().filter(r -> r.status() == 201).toList();
      assertEquals(1, winners.size(), replies.stream().map(Reply::body).collect(Collectors.joining("\n")));
      assertTrue(replies.stream().filter(r -> r.status() != 201).allMatch(r -> r.status() == 409), "losers get 409");
      String winnerUri = winners.get(0).json().get("uri").asText();
      assertTrue(
          replies.stream().filter(r -> r.status() == 409).allMatch(r -> r.json().get("existing").get("uri").asText().equals(winnerUri)),
          "every loser is told the same winner");
      for (int i = 0; i < 3; i++) {
        MemberProcess node = cluster.node(i);
        Eventually.await(
            "node " + i + " resolves the winner",
            Duration.ofSeconds(10),
            () -> {
              Reply found = JsonHttp.send(node.httpBase(), "GET", "/api/v1/locations/" + name, null);
              return found.status() == 200 && found.json().get("uri").asText().equals(winnerUri);
            });
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void registrationsOfAKilledNodeAreGoneOnceItsFenceHasPassedAndTheSurvivorsStay() {
    MemberProcess doomed = cluster.node(2);
    // Thirty names per node: with 1000 shards over three nodes, some of the survivors' names are
    // all but certain to have their entity on the node that is killed.
    List<String> ofDoomed = IntStream.range(0, 30).mapToObj(i -> "ESW.doomed" + i + "-Service-http").toList();
    List<String> ofSurvivors = IntStream.range(0, 30).mapToObj(i -> "ESW.kept" + i + "-Service-http").toList();
    for (int i = 0; i < 30; i++) {
      assertEquals(201, post(doomed, ofDoomed.get(i), 3000 + i).status());
      assertEquals(201, post(cluster.node(i % 2), ofSurvivors.get(i), 4000 + i).status());
    }
    for (int i = 0; i < 2; i++) {
      MemberProcess node = cluster.node(i);
      Eventually.await("node " + i + " sees all sixty", Duration.ofSeconds(10), () -> listed(node).size() == 60);
    }

    long killedAt = System.nanoTime();
    doomed.kill();
    // Failure detection, the split-brain resolver's stable-after, then the fence (about 10-14 s here);
    // the bound is generous for a busy machine, the printed time is the measurement.
    for (int i = 0; i < 2; i++) {
      MemberProcess node = cluster.node(i);
      Eventually.await(
          "node " + i + " no longer lists the killed node's registrations",
          Duration.ofSeconds(30).minusNanos(System.nanoTime() - killedAt),
          () -> listed(node).stream().noneMatch(ofDoomed::contains));
    }
    System.out.printf("registrations of the killed node gone after %d ms%n", Duration.ofNanos(System.nanoTime() - killedAt).toMillis());

    for (int i = 0; i < 2; i++) {
      assertEquals(Set.copyOf(ofSurvivors), listed(cluster.node(i)), "survivors' registrations stay on node " + i);
    }
    // The authority of every surviving name still knows it, also where its entity was restarted
    // on a survivor after the kill: a second registration is refused naming the first. A command
    // that a node sent to the lost node's shards before it learnt of the loss is lost and answered
    // 503 RegistryUnavailable; like any client, the test retries those.
    for (int i = 0; i < 30; i++) {
      MemberProcess node = cluster.node((i + 1) % 2);
      String name = ofSurvivors.get(i);
      int port = 5000 + i;
      Reply again =
          Eventually.awaitValue(name + " is answered", Duration.ofSeconds(30), () -> post(node, name, port), r -> r.status() != 503);
      assertEquals(409, again.status(), name + ": " + again.body());
      assertEquals("http://127.0.0.1:" + (4000 + i) + "/", again.json().get("existing").get("uri").asText());
    }
    // And the killed node's names are free again, for a failover relaunch.
    for (int i = 0; i < 30; i++) {
      MemberProcess node = cluster.node(i % 2);
      String name = ofDoomed.get(i);
      int port = 6000 + i;
      Reply relaunch =
          Eventually.awaitValue(name + " is answered", Duration.ofSeconds(30), () -> post(node, name, port), r -> r.status() != 503);
      assertEquals(201, relaunch.status(), name + ": " + relaunch.body());
    }
  }
}
