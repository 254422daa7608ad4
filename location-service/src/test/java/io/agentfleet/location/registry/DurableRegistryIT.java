package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.JsonHttp;
import io.agentfleet.location.testkit.JsonHttp.Reply;
import io.agentfleet.location.testkit.MemberProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three registry nodes (separate JVMs) all stopped and started again on the same ports: with the
 * durable option, on the same directories, epochs go on growing and what the earlier incarnations
 * owned is swept; without it the registry starts over.
 */
class DurableRegistryIT {
  private static final Path JAR = Path.of("target", "location-service.jar");
  private static final String RESERVED = "ESW.durable-SequenceComponent-akka";
  private static final String REGISTERED = "ESW.durable_direct-Service-http";

  private final List<Integer> clusterPorts = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
  private final List<Integer> httpPorts = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
  private final Path dataDir = Path.of("target", "durable-it", "data-" + System.nanoTime());
  private final List<MemberProcess> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(MemberProcess::close);
  }

  private List<MemberProcess> startAll(boolean durable, String run) {
    List<String> jvmOptions =
        List.of(
            "-Dlocation-service.registry.durable.enabled=" + (durable ? "on" : "off"),
            "-Dlocation-service.registry.durable.directory=" + dataDir.toAbsolutePath());
    List<MemberProcess> started = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      List<String> args =
          new ArrayList<>(List.of("--cluster-port", "" + clusterPorts.get(i), "--http-port", "" + httpPorts.get(i)));
      args.addAll(i == 0 ? List.of("--new-cluster") : List.of("--seeds", "127.0.0.1:" + clusterPorts.get(0)));
      MemberProcess node = MemberProcess.start("durable-" + run + "-" + i, JAR, httpPorts.get(i), jvmOptions, args);
      started.add(node);
      nodes.add(node);
    }
    for (MemberProcess node : started) {
      node.awaitHealthy(3, Duration.ofSeconds(90));
    }
    return started;
  }

  private static void stopAll(List<MemberProcess> running) {
    running.forEach(MemberProcess::terminate);
    for (MemberProcess node : running) {
      node.awaitExit(Duration.ofSeconds(60));
    }
  }

  /** Reserves {@link #RESERVED} through {@code node} once the name is free, and returns the epoch. */
  private static long reserve(MemberProcess node) {
    Reply reply =
        Eventually.awaitValue(
            "a reservation of " + RESERVED + " is granted",
            Duration.ofSeconds(60),
            () ->
                JsonHttp.send(
                    node.httpBase(), "POST", "/api/v1/reservations", "{\"connection\":\"" + RESERVED + "\",\"seconds\":600}"),
            r -> r.status() == 201);
    return reply.json().get("epoch").asLong();
  }

  private static Set<String> listed(MemberProcess node) {
    return node.listedConnections();
  }

  private static void registerDirectly(MemberProcess node) {
    Reply registered =
        JsonHttp.send(
            node.httpBase(), "POST", "/api/v1/locations", "{\"connection\":\"" + REGISTERED + "\",\"uri\":\"http://127.0.0.1:9/\"}");
    assertEquals(201, registered.status(), registered.body());
  }

  @Test
  void afterEveryRegistryNodeRestartsEpochsGoOnGrowingAndWhatEarlierIncarnationsOwnedIsSwept() {
    List<MemberProcess> first = startAll(true, "before");
    long before = reserve(first.get(0));
    registerDirectly(first.get(1));
    stopAll(first);

    List<MemberProcess> second = startAll(true, "after");
    // The registration survived the restart, owned by a member that no longer exists ...
    assertTrue(listed(second.get(2)).contains(REGISTERED), "registration lost over the restart");
    long after = reserve(second.get(2));
    assertTrue(after > before, "epoch went back from " + before + " to " + after + " over a restart");
    // ... so the sweep removes it after the fence, though no command ever reaches its name.
    for (MemberProcess node : second) {
      Eventually.await(
          REGISTERED + " of an earlier incarnation is swept on " + node.log(),
          Duration.ofSeconds(60),
          () -> !listed(node).contains(REGISTERED));
    }
  }

  @Test
  void withoutTheDurableOptionARestartOfEveryNodeStartsEpochsOver() {
    List<MemberProcess> first = startAll(false, "memory-before");
    long before = reserve(first.get(0));
    stopAll(first);

    List<MemberProcess> second = startAll(false, "memory-after");
    assertEquals(before, reserve(second.get(2)), "a registry without durable storage kept its epochs");
  }
}
