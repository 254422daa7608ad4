package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.JsonHttp;
import io.agentfleet.location.testkit.JsonHttp.Reply;
import io.agentfleet.location.testkit.MemberProcess;
import io.agentfleet.location.testkit.NamespaceNetwork;
import io.agentfleet.location.testkit.NamespaceNetwork.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three registry nodes on three hosts, each in a network namespace of its own, and one host cut off
 * from the others by taking its link down: the majority must down it and free its names, and the
 * cut-off node must find itself downed. Skipped where namespaces cannot be made (not root, no ip).
 */
class RegistryPartitionIT {
  private static final Path JAR = Path.of("target", "location-service.jar");
  // Every host has ports of its own: fixed ports cannot clash with anything else on the machine.
  private static final int CLUSTER_PORT = 25520;
  private static final int HTTP_PORT = 7654;
  private static final int NAMES = 10;

  private NamespaceNetwork network;
  private final List<MemberProcess> nodes = new ArrayList<>();

  @BeforeEach
  void start() {
    NamespaceNetwork.assumeSupported();
    assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is missing: integration tests run after `mvn package`");
    network = NamespaceNetwork.create(3);
    for (Host host : network.hosts()) {
      nodes.add(startNode(host));
    }
    for (MemberProcess node : nodes) {
      node.awaitHealthy(3, Duration.ofSeconds(60));
    }
  }

  @AfterEach
  void stop() {
    if (network != null) {
      network.close();
    }
  }

  /** A registry node on {@code host}; the first host's node founds the cluster, the others join it. */
  private MemberProcess startNode(Host host) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--hostname", host.address(),
                "--cluster-port", "" + CLUSTER_PORT,
                "--http-host", host.controlAddress(),
                "--http-port", "" + HTTP_PORT));
    if (host.index() > 0) {
      args.addAll(List.of("--seeds", network.host(0).endpoint(CLUSTER_PORT)));
    } else {
      args.add("--new-cluster");
    }
    return network.start(host, "partition-registry-" + host.index(), JAR, HTTP_PORT, List.of(), args);
  }

  private static Reply post(MemberProcess node, String connection, int port) {
    return JsonHttp.send(
        node.httpBase(), "POST", "/api/v1/locations", "{\"connection\":\"" + connection + "\",\"uri\":\"http://10.213.0.99:" + port + "/\"}");
  }

  private static Set<String> listed(MemberProcess node) {
    return node.listedConnections();
  }

  /** Whether {@code node} answers that it is an Up member; a node that does not answer is not. */
  private static boolean reportsItselfUp(MemberProcess node) {
    if (!node.isAlive()) {
      return false;
    }
    try {
      Reply health = JsonHttp.send(node.httpBase(), "GET", "/health", null);
      return health.status() == 200 && "Up".equals(health.json().get("memberStatus").asText());
    } catch (AssertionError unreachable) {
      return false;
    }
  }

  private static long millisSince(long start) {
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  @Test
  void aCutOffNodeIsDownedAndTheMajorityFreesItsNames() {
    Host cutHost = network.host(2);
    MemberProcess cutOff = nodes.get(2);
    List<MemberProcess> majority = nodes.subList(0, 2);
    List<String> ofCutOff = IntStream.range(0, NAMES).mapToObj(i -> "ESW.cut" + i + "-Service-http").toList();
    List<String> ofMajority = IntStream.range(0, NAMES).mapToObj(i -> "ESW.kept" + i + "-Service-http").toList();
    for (int i = 0; i < NAMES; i++) {
      assertEquals(201, post(cutOff, ofCutOff.get(i), 3000 + i).status());
      assertEquals(201, post(majority.get(i % 2), ofMajority.get(i), 4000 + i).status());
    }
    for (MemberProcess node : nodes) {
      Eventually.await("node " + nodes.indexOf(node) + " lists all names", Duration.ofSeconds(10), () -> listed(node).size() == 2 * NAMES);
    }

    long cutAt = System.nanoTime();
    network.cut(cutHost);
    // The test still reaches the cut-off node over its host's control link, so it sees when that
    // node stops counting itself a member while it watches the majority.
    ExecutorService watcher = Executors.newSingleThreadExecutor();
    CompletableFuture<Long> cutOffDowned =
        CompletableFuture.supplyAsync(
            () -> {
              Eventually.await("the cut-off node stops reporting itself Up", Duration.ofSeconds(30), () -> !reportsItselfUp(cutOff));
              return millisSince(cutAt);
            },
            watcher);
    try {
      // (a) The majority downs the cut-off node and frees every name it owned; its own names stay.
      // Budget: the product's 10 s for a lost machine's names, plus headroom for a busy machine.
      for (MemberProcess node : majority) {
        Eventually.await(
            "the majority no longer lists the cut-off node's names",
            Duration.ofSeconds(15).minusNanos(System.nanoTime() - cutAt),
            () -> listed(node).stream().noneMatch(ofCutOff::contains));
      }
      System.out.printf("partition: cut -> cut-off node's names freed on the majority after %d ms%n", millisSince(cutAt));
      // (b) The cut-off node, alone, downs itself: the split-brain resolver keeps the majority.
      System.out.printf("partition: cut -> cut-off node no longer reports itself Up after %d ms%n", cutOffDowned.join());
    } finally {
      watcher.shutdownNow();
    }
    for (MemberProcess node : majority) {
      assertEquals(Set.copyOf(ofMajority), listed(node));
      Eventually.await("the majority sees two members", Duration.ofSeconds(10), () -> {
        Reply health = JsonHttp.send(node.httpBase(), "GET", "/health", null);
        return health.status() == 200 && health.json().get("members").asInt() == 2;
      });
    }
    // The freed names can be taken again on the majority side (a failover relaunch would).
    for (int i = 0; i < NAMES; i++) {
      MemberProcess node = majority.get(i % 2);
      String name = ofCutOff.get(i);
      int port = 5000 + i;
      Reply again =
          Eventually.awaitValue(name + " is answered", Duration.ofSeconds(20), () -> post(node, name, port), r -> r.status() != 503);
      assertEquals(201, again.status(), name + ": " + again.body());
    }

    // A downed member runs coordinated shutdown and leaves the JVM.
    int exit = cutOff.awaitExit(Duration.ofSeconds(30));
    System.out.printf(
        "partition: cut -> cut-off node downed itself and exited (code %d) after %d ms%n", exit, millisSince(cutAt));

    // (c) Healed, the host can run a member again: a new node there joins the majority and sees
    // what the majority decided while it was cut off.
    network.heal(cutHost);
    long healedAt = System.nanoTime();
    MemberProcess rejoined = startNode(cutHost);
    rejoined.awaitHealthy(3, Duration.ofSeconds(60));
    Eventually.await(
        "the new node lists the names as the majority left them",
        Duration.ofSeconds(10),
        () -> listed(rejoined).equals(listed(nodes.get(0))) && listed(rejoined).containsAll(ofCutOff));
    System.out.printf("partition: healed -> a new node on the cut-off host joined after %d ms%n", millisSince(healedAt));

    network.close();
    assertEquals(List.of(), network.residue(), "nothing of the network is left");
  }
}
