package io.agentfleet.location.testkit;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import io.agentfleet.location.node.ClusterJoin;
import io.agentfleet.location.node.ClusterNodeConfig;
import io.agentfleet.location.node.SeedNode;
import io.agentfleet.location.registry.ClusterLocationService;
import io.agentfleet.location.registry.LocationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster member in the test's JVM, with the registry started: alone (a one-member cluster) or
 * joining members in other JVMs through their cluster ports. It talks mutual TLS with the {@link
 * TestPki#fleet()} stores.
 */
public final class InProcessMember implements AutoCloseable {
  private final ActorTestKit testKit;

  /** A one-member cluster with these settings. */
  public static InProcessMember alone(Map<String, Object> overrides) {
    return new InProcessMember(List.of(), overrides);
  }

  public static InProcessMember alone() {
    return alone(Map.of());
  }

  /** A member joining the cluster of {@code seeds}. */
  public static InProcessMember joining(List<SeedNode> seeds) {
    return new InProcessMember(seeds, Map.of());
  }

  /** A member joining the cluster of {@code seeds}, with these settings. */
  public static InProcessMember joining(List<SeedNode> seeds, Map<String, Object> overrides) {
    return new InProcessMember(seeds, overrides);
  }

  /**
   * {@code count} members with these settings, the first the seed, returned once every one of them
   * sees all of them Up.
   */
  public static List<InProcessMember> upTogether(int count, Map<String, Object> overrides) {
    List<InProcessMember> members = new java.util.ArrayList<>();
    members.add(alone(overrides));
    for (int i = 1; i < count; i++) {
      members.add(joining(List.of(members.get(0).seed()), overrides));
    }
    for (InProcessMember member : members) {
      Eventually.await("every member sees " + count + " Up", java.time.Duration.ofSeconds(60),
          () -> java.util.stream.StreamSupport.stream(Cluster.get(member.system()).state().getMembers().spliterator(), false)
              .filter(m -> m.status() == akka.cluster.MemberStatus.up())
              .count() == count);
    }
    return members;
  }

  /**
   * Settings under which a test may {@link #cutOffFrom} members: Artery's test mode (which lets a
   * test drop traffic between two members) and no automatic downing, so a member cut off stays a
   * member until the test downs it or reconnects it.
   */
  public static Map<String, Object> partitionable() {
    return Map.of(
        "akka.remote.artery.advanced.test-mode", "on",
        "akka.cluster.downing-provider-class", "",
        "akka.cluster.jmx.multi-mbeans-in-same-jvm", "on",
        // A member cut off cannot leave gracefully; it must not fail the test's teardown.
        "akka.actor.testkit.typed.throw-on-shutdown-timeout", "off");
  }

  private InProcessMember(List<SeedNode> seeds, Map<String, Object> overrides) {
    Map<String, Object> settings = new java.util.HashMap<>(overrides);
    // The product exits its JVM when the member is shut down; a test JVM must outlive its nodes.
    settings.putIfAbsent("akka.coordinated-shutdown.exit-jvm", "off");
    // Leaving takes a shard hand-off and a round of gossip; on a busy two-core machine that can take
    // longer than the test kit's 10 s, and a slow but orderly leave is no failure of the test.
    settings.putIfAbsent("akka.actor.testkit.typed.system-shutdown-default", "60s");
    // Mutual TLS with the fleet's test certificates, unless the test names other settings.
    TestPki.fleet().memberSettings().forEach(settings::putIfAbsent);
    Config config = ClusterNodeConfig.load("127.0.0.1", 0, seeds, Optional.empty(), settings);
    testKit = ActorTestKit.create(ClusterNodeConfig.SYSTEM_NAME, config);
    ClusterJoin.joinSeedsOrSelf(testKit.system());
    Eventually.await(
        "this member is Up",
        Duration.ofSeconds(60),
        () -> Cluster.get(testKit.system()).selfMember().status() == MemberStatus.up());
    // As the apps do at start: a member whose registry (and so its replica) is not started yet
    // does not answer other members' majority reads and writes.
    LocationRegistry.get(testKit.system());
  }

  public ActorTestKit testKit() {
    return testKit;
  }

  public ActorSystem<Void> system() {
    return testKit.system();
  }

  /** This member's cluster port, for others to join through. */
  public SeedNode seed() {
    return SeedNode.parse("127.0.0.1:" + Cluster.get(testKit.system()).selfMember().address().getPort().get());
  }

  /** This member as the registry names an owner. */
  public String identity() {
    return io.agentfleet.location.registry.MemberIdentity.of(Cluster.get(testKit.system()).selfMember());
  }

  /** Drops all traffic between this member and {@code other}, both ways (needs {@link #partitionable}). */
  public void cutOffFrom(InProcessMember other) {
    throttle(other, akka.remote.transport.ThrottlerTransportAdapter.blackholeThrottleMode());
  }

  /** Lets traffic between this member and {@code other} flow again. */
  public void reconnect(InProcessMember other) {
    throttle(other, akka.remote.transport.ThrottlerTransportAdapter.unthrottledThrottleMode());
  }

  private void throttle(InProcessMember other, akka.remote.transport.ThrottlerTransportAdapter.ThrottleMode mode) {
    var classic = (akka.actor.ExtendedActorSystem) akka.actor.typed.javadsl.Adapter.toClassic(testKit.system());
    var provider = (akka.remote.RemoteActorRefProvider) classic.provider();
    var command =
        new akka.remote.transport.ThrottlerTransportAdapter.SetThrottle(
            Cluster.get(other.system()).selfMember().address(),
            akka.remote.transport.ThrottlerTransportAdapter.bothDirection(),
            mode);
    try {
      scala.concurrent.Await.result(
          provider.transport().managementCommand(command), scala.concurrent.duration.Duration.create(10, "s"));
    } catch (Exception e) {
      throw new AssertionError("cannot change the traffic to " + other.identity(), e);
    }
  }

  public ClusterLocationService locations() {
    return LocationRegistry.get(testKit.system()).service();
  }

  /** Serves the registry HTTP API of this member on a free port; its base URI. */
  public java.net.URI serveRegistryHttp() {
    try {
      var binding = io.agentfleet.location.http.RegistryHttpServer.start(system()).toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
      return java.net.URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
    } catch (Exception e) {
      throw new AssertionError("cannot serve the registry HTTP API", e);
    }
  }

  /**
   * Leaves the cluster and stops the member. If the member has left the cluster but Akka's last
   * internals (I/O and TLS stream actors towards a peer a test killed) are still stopping when the
   * test kit's time is up, that is said and not failed: the cluster is as the test found it. A member
   * that did not leave still fails the teardown.
   */
  @Override
  public void close() {
    akka.cluster.Cluster cluster = akka.cluster.Cluster.get(testKit.system().classicSystem());
    try {
      testKit.shutdownTestKit();
    } catch (RuntimeException slow) {
      MemberStatus status = cluster.selfMember().status();
      if (!(cluster.isTerminated() || status == MemberStatus.removed())) {
        throw slow;
      }
      System.err.printf("in-process member %s left the cluster (%s) but its actor system was still stopping"
          + " when the test kit's time was up: %s%n", cluster.selfAddress(), status, firstLine(slow.getMessage()));
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String trimmed = text.strip();
    int end = trimmed.indexOf('\n');
    return end < 0 ? trimmed : trimmed.substring(0, end);
  }
}
