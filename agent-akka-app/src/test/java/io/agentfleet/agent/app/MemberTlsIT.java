package io.agentfleet.agent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.Address;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.client.AgentClientSettings;
import io.agentfleet.agent.client.AgentProtocol.AgentStatus;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import io.agentfleet.location.node.ClusterJoin;
import io.agentfleet.location.node.ClusterNodeConfig;
import io.agentfleet.location.node.MemberTransport;
import io.agentfleet.location.node.SeedNode;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.InProcessMember;
import io.agentfleet.location.testkit.MemberProcess;
import io.agentfleet.location.testkit.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Only members with a certificate of the fleet's CA are members: a registry node and an agent in
 * JVMs of their own over mutual TLS, a member of the fleet in the test's JVM, and intruders (another
 * CA's certificate, plain TCP without any) that try to join and to command the agent.
 */
class MemberTlsIT {
  private static final Path AGENT_JAR = Path.of("target", "agent-akka-app.jar");
  private static final Path REGISTRY_JAR = Path.of("..", "location-service", "target", "location-service.jar");
  private static final Prefix AGENT = Prefix.parse("ESW.tlsmachine");
  // Short, so that an unanswered call fails within the test's patience; the agent answers a status at once.
  private static final AgentClientSettings QUICK = new AgentClientSettings(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(10));

  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private <T extends AutoCloseable> T started(T member) {
    started.add(member);
    return member;
  }

  /** A would-be member in the test's JVM with these transport settings, trying to join through {@code seed}. */
  private ActorTestKit intruder(String seed, Map<String, Object> transport) {
    Map<String, Object> settings = new HashMap<>(transport);
    settings.put("akka.coordinated-shutdown.exit-jvm", "off");
    settings.put("akka.cluster.jmx.enabled", "off");
    settings.put("akka.actor.testkit.typed.throw-on-shutdown-timeout", "off");
    ActorTestKit kit = ActorTestKit.create(
        ClusterNodeConfig.SYSTEM_NAME,
        ClusterNodeConfig.load("127.0.0.1", 0, List.of(SeedNode.parse(seed)), Optional.empty(), settings));
    started.add(kit::shutdownTestKit);
    ClusterJoin.joinSeedsOrSelf(kit.system());
    return kit;
  }

  private static Address addressOf(ActorTestKit kit) {
    return Cluster.get(kit.system()).selfMember().address();
  }

  @Test
  void membersWithoutACertificateOfTheFleetsCaNeverJoinAndAreNeverAnswered() throws Exception {
    int seedPort = FreePorts.next();
    int registryHttp = FreePorts.next();
    String seed = "127.0.0.1:" + seedPort;
    MemberProcess registry = started(MemberProcess.start("tls-registry", REGISTRY_JAR, registryHttp,
        List.of("--cluster-port", "" + seedPort, "--http-port", "" + registryHttp, "--new-cluster")));
    registry.awaitHealthy(1, Duration.ofSeconds(90));
    int agentHttp = FreePorts.next();
    MemberProcess agent = started(MemberProcess.start("tls-agent", AGENT_JAR, agentHttp,
        List.of("--prefix", AGENT.toString(), "--cluster-port", "" + FreePorts.next(), "--registry-http-port", "" + agentHttp,
            "--seeds", seed)));
    agent.awaitHealthy(2, Duration.ofSeconds(90));
    // Leaving takes the registry's shards with it (hand-off), slow on a busy machine; what this test
    // shows is who may join, so a slow leave at the end must not fail it.
    InProcessMember fleet = started(InProcessMember.joining(List.of(SeedNode.parse(seed)),
        Map.of("akka.actor.testkit.typed.system-shutdown-default", "60s", "akka.actor.testkit.typed.throw-on-shutdown-timeout", "off")));
    assertTrue(registry.output().contains("Remoting started with transport [Artery tls-tcp]"), registry.tail());

    // Every member event the fleet's member sees from here on; an intruder that joined would show.
    TestProbe<ClusterEvent.MemberEvent> events = fleet.testKit().createTestProbe();
    Cluster.get(fleet.system()).subscriptions().tell(Subscribe.create(events.ref(), ClusterEvent.MemberEvent.class));
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(ClusterEvent.MemberUp.class, events.receiveMessage(Duration.ofSeconds(10)), "the three members as they are");
    }

    Location agentLocation = Eventually.awaitValue("the agent's registration reaches the fleet's member", Duration.ofSeconds(30),
        () -> fleet.locations().find(AgentClient.agentConnection(AGENT)).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join(),
        Optional::isPresent).orElseThrow();
    AgentStatus answered = AgentClient.fromLocation(fleet.system(), agentLocation, QUICK).status().toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
    assertEquals(AGENT, answered.agentPrefix(), "the fleet's own member is answered");

    // Intruders in JVMs of their own, started the way an operator would: they give up after their join timeout.
    MemberProcess foreignNode = started(MemberProcess.start("tls-foreign-node", REGISTRY_JAR, FreePorts.next(),
        foreignJvmOptions(), intruderArgs(seed)));
    MemberProcess plainNode = started(MemberProcess.start("tls-plain-node", REGISTRY_JAR, FreePorts.next(),
        List.of("-Dlocation-service.join-timeout=15s"), intruderArgsPlain(seed)));
    // And in the test's JVM, where they also try to command the agent.
    ActorTestKit foreign = intruder(seed, TestPki.foreign().memberSettings());
    ActorTestKit plain = intruder(seed, Map.of(MemberTransport.INSECURE_PLAIN_TCP, true));

    for (ActorTestKit intruder : List.of(foreign, plain)) {
      Prefix spawned = Prefix.parse("ESW.intruder" + addressOf(intruder).getPort().get());
      AgentClient client = AgentClient.fromLocation(intruder.system(), agentLocation, QUICK);
      Failed spawn = assertInstanceOf(Failed.class,
          client.spawnComponent("sample", spawned, Optional.of(ComponentType.Service), List.of()).toCompletableFuture().get(60, TimeUnit.SECONDS));
      assertEquals(FailureReason.NoReply, spawn.reason(), spawn.message());
      CompletionException noStatus = assertThrows(CompletionException.class,
          () -> client.status().toCompletableFuture().join());
      assertTrue(noStatus.getCause() instanceof TimeoutException, noStatus.toString());
      Connection connection = new Connection(spawned, ComponentType.Service, ConnectionType.AKKA);
      assertEquals(Optional.empty(), fleet.locations().find(connection).toCompletableFuture().get(10, TimeUnit.SECONDS),
          "nothing was registered for " + spawned);
      AgentStatus status = AgentClient.fromLocation(fleet.system(), agentLocation, QUICK).status().toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
      assertTrue(status.components().stream().noneMatch(c -> c.connection().prefix().equals(spawned)),
          "the agent runs nothing of " + spawned + ": " + status);
    }

    assertEquals(1, foreignNode.awaitExit(Duration.ofSeconds(120)), foreignNode.tail());
    assertTrue(foreignNode.output().contains("SSLHandshakeException"), foreignNode.tail());
    assertTrue(foreignNode.output().contains("could not join the cluster through the seeds " + seed), foreignNode.tail());
    assertEquals(1, plainNode.awaitExit(Duration.ofSeconds(120)), plainNode.tail());
    assertTrue(plainNode.output().contains("could not join the cluster through the seeds " + seed), plainNode.tail());
    assertTrue(plainNode.output().contains("INSECURE: plain TCP between members"), plainNode.tail());

    // All the while: no member event at the fleet, only its three members, none of them an intruder.
    events.expectNoMessage(Duration.ofSeconds(1));
    List<Address> members = new ArrayList<>();
    Cluster.get(fleet.system()).state().getMembers().forEach(m -> members.add(m.address()));
    assertEquals(3, members.size(), members.toString());
    for (ActorTestKit intruder : List.of(foreign, plain)) {
      assertFalse(members.contains(addressOf(intruder)), members.toString());
      List<Member> seen = new ArrayList<>();
      Cluster.get(intruder.system()).state().getMembers().forEach(seen::add);
      assertTrue(seen.stream().noneMatch(m -> m.status().equals(MemberStatus.up())), "the intruder is no member: " + seen);
    }
    assertTrue(registry.isAlive() && agent.isAlive());
  }

  private static List<String> foreignJvmOptions() {
    List<String> options = new ArrayList<>(TestPki.foreign().jvmOptions());
    options.add("-Dlocation-service.join-timeout=15s");
    return options;
  }

  private static List<String> intruderArgs(String seed) {
    return List.of("--cluster-port", "" + FreePorts.next(), "--http-port", "" + FreePorts.next(), "--seeds", seed);
  }

  private static List<String> intruderArgsPlain(String seed) {
    List<String> args = new ArrayList<>(intruderArgs(seed));
    args.add("--insecure-plain-tcp");
    return args;
  }
}
