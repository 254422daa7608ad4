package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.JsonHttp;
import io.agentfleet.location.testkit.JsonHttp.Reply;
import io.agentfleet.location.testkit.MemberProcess;
import io.agentfleet.location.testkit.RegistryCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A member without the registry role (as agents of a large fleet run): three registry nodes and one
 * such member, each a JVM of its own. It keeps no replica, so everything it answers comes through a
 * registry member, and through another one when that one is lost.
 */
class NonRegistryMemberIT {
  private static final Path JAR = Path.of("target", "location-service.jar");

  private static Reply post(MemberProcess node, String connection, int port) {
    return JsonHttp.send(
        node.httpBase(), "POST", "/api/v1/locations", "{\"connection\":\"" + connection + "\",\"uri\":\"http://127.0.0.1:" + port + "/\"}");
  }

  /** Registers through a registry member; a command that met the lost member's shards is answered 503 and sent again. */
  private static void register(MemberProcess node, String connection, int port) {
    Eventually.await(connection + " registered", Duration.ofSeconds(30), () -> {
      int status = post(node, connection, port).status();
      assertTrue(status == 201 || status == 503, connection + " answered " + status);
      return status == 201;
    });
  }

  private static Reply find(MemberProcess node, String connection) {
    return JsonHttp.send(node.httpBase(), "GET", "/api/v1/locations/" + connection, null);
  }

  private static String health(MemberProcess node, String field) {
    return JsonHttp.send(node.httpBase(), "GET", "/health", null).json().get(field).asText();
  }

  /**
   * A member restarted at the address of one that was lost (an agent's host rebooted: same host and
   * cluster port, a new incarnation) follows the registry like the first one did.
   */
  @Test
  void aMemberRestartedAtTheAddressOfALostOneReadsTheRegistry() {
    try (RegistryCluster registry = RegistryCluster.start(JAR, 3)) {
      int clusterPort = FreePorts.next();
      int httpPort = FreePorts.next();
      List<String> withRole = List.of("--cluster-port", "" + clusterPort, "--http-port", "" + httpPort, "--seeds", registry.seed());
      List<String> args = new java.util.ArrayList<>(withRole);
      args.add("--no-registry-role");
      // The lost one was a registry member (a replica peer of the others), as an agent of a small
      // fleet is; the new incarnation joins without the role.
      try (MemberProcess first = MemberProcess.start("reader-first", JAR, httpPort, withRole)) {
        first.awaitHealthy(4, Duration.ofSeconds(90));
        assertEquals(201, post(first, "ESW.first-Service-http", 5011).status());
        first.kill();
      }
      for (int i = 0; i < 3; i++) {
        MemberProcess node = registry.node(i);
        Eventually.await("registry node " + i + " has removed the lost member", Duration.ofSeconds(60),
            () -> health(node, "members").equals("3") && !node.listedConnections().contains("ESW.first-Service-http"));
      }
      try (MemberProcess second = MemberProcess.start("reader-second", JAR, httpPort, args)) {
        second.awaitHealthy(4, Duration.ofSeconds(90));
        Reply registered = post(second, "ESW.second-Service-http", 5012);
        assertEquals(201, registered.status(), registered.body());
        assertEquals(200, find(second, "ESW.second-Service-http").status(), "its own registration, at once");
        assertEquals(201, post(registry.node(0), "ESW.elsewhere-Service-http", 5013).status());
        Eventually.await("the restarted member lists a registration made elsewhere", Duration.ofSeconds(10),
            () -> second.listedConnections().contains("ESW.elsewhere-Service-http"));
      }
    }
  }

  @Test
  void registersAndReadsThroughARegistryMemberAndThroughAnotherWhenThatOneIsLost() {
    try (RegistryCluster registry = RegistryCluster.start(JAR, 3)) {
      int clusterPort = FreePorts.next();
      int httpPort = FreePorts.next();
      try (MemberProcess reader = MemberProcess.start("reader", JAR, httpPort, List.of(
          "--cluster-port", "" + clusterPort, "--http-port", "" + httpPort, "--seeds", registry.seed(), "--no-registry-role"))) {
        reader.awaitHealthy(4, Duration.ofSeconds(90));
        assertEquals("this member", health(registry.node(0), "registryReads"));
        Eventually.await("the reader reads through a registry member", Duration.ofSeconds(20),
            () -> health(reader, "registryReads").startsWith("akka://"));
        String through = health(reader, "registryReads");
        int readThrough = IntStream.range(0, 3).filter(i -> health(registry.node(i), "member").equals(through)).findFirst()
            .orElseThrow(() -> new AssertionError("the reader reads through " + through + ", which is no registry node"));

        // A change made through the reader is taken by the registry's entities and seen by its next read.
        Reply registered = post(reader, "ESW.reader-Service-http", 5001);
        assertEquals(201, registered.status(), registered.body());
        assertEquals(200, find(reader, "ESW.reader-Service-http").status(), "the reader's own registration, at once");
        for (int i = 0; i < 3; i++) {
          MemberProcess node = registry.node(i);
          Eventually.await("registry node " + i + " lists the reader's registration", Duration.ofSeconds(10),
              () -> node.listedConnections().contains("ESW.reader-Service-http"));
        }
        // A change made through a registry member reaches the reader's view.
        assertEquals(201, post(registry.node((readThrough + 1) % 3), "ESW.before-Service-http", 5002).status());
        Eventually.await("the reader lists a registration made elsewhere", Duration.ofSeconds(10),
            () -> reader.listedConnections().contains("ESW.before-Service-http"));

        long killedAt = System.nanoTime();
        registry.node(readThrough).kill();
        Eventually.await("the reader reads through another registry member", Duration.ofSeconds(60),
            () -> {
              String now = health(reader, "registryReads");
              return now.startsWith("akka://") && !now.equals(through);
            });
        System.out.printf("reader moved to %s %d ms after its registry member was killed%n",
            health(reader, "registryReads"), Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
        MemberProcess survivor = registry.node((readThrough + 1) % 3);
        register(survivor, "ESW.after-Service-http", 5003);
        Eventually.await("the reader lists a registration made after the loss", Duration.ofSeconds(20),
            () -> reader.listedConnections().containsAll(List.of("ESW.reader-Service-http", "ESW.before-Service-http", "ESW.after-Service-http")));

        // Its own change after the loss, through the new registry member: removed, and not found at once.
        Eventually.await("the reader removes its registration", Duration.ofSeconds(30), () -> {
          int status = JsonHttp.send(reader.httpBase(), "DELETE", "/api/v1/locations/ESW.reader-Service-http?epoch="
              + registered.json().path("metadata").path("epoch").asText("1"), null).status();
          assertTrue(status == 204 || status == 503, "removal answered " + status);
          return status == 204;
        });
        assertEquals(404, find(reader, "ESW.reader-Service-http").status(), "the reader's own removal, at once");
      }
    }
  }
}
