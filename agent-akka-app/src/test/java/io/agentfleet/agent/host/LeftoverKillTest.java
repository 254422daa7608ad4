package io.agentfleet.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.KillComponent;
import io.agentfleet.agent.client.AgentProtocol.KillResponse;
import io.agentfleet.agent.client.AgentProtocol.Killed;
import io.agentfleet.agent.kinds.ComponentKinds;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A kill of a component the agent does not run, on its own: each answers its caller once and stops. */
class LeftoverKillTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Prefix AGENT = Prefix.parse("ESW.leftovertestagent");
  private static final AgentSettings SETTINGS = new AgentSettings(AGENT, "testhost", URI.create("http://127.0.0.1:1"),
      ComponentKinds.fromConfig(ConfigFactory.defaultReference().resolve()), Path.of(System.getProperty("java.io.tmpdir"), "agent-test-logs"),
      1 << 20, 2, Duration.ofSeconds(1), 2, Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofMinutes(5));
  private static final Connection CONNECTION = new Connection(Prefix.parse("ESW.leftover"), ComponentType.Service, ConnectionType.HTTP);

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Location location(Map<String, String> metadata) {
    return new Location(CONNECTION, URI.create("http://127.0.0.1:1/"), metadata);
  }

  /** Kills {@code location} through a LeftoverKill: its one answer, once it has stopped. */
  private static KillResponse kill(FakeLocationService locations, Location location) {
    TestProbe<KillResponse> reply = testKit.createTestProbe();
    ActorRef<LeftoverKill.Command> child = testKit.spawn(LeftoverKill.create(SETTINGS, locations.service, new KillComponent(reply.ref(), location)));
    KillResponse response = reply.receiveMessage(WAIT);
    reply.expectTerminated(child, WAIT);
    reply.expectNoMessage(Duration.ofMillis(100));
    return response;
  }

  @Test
  void aComponentAnotherAgentSpawnedIsNotKilledHere() {
    FakeLocationService locations = new FakeLocationService();
    Failed failed = (Failed) kill(locations, location(Map.of(Location.AGENT_PREFIX, "ESW.otheragent", Location.EPOCH, "3")));
    assertEquals(FailureReason.NotOnThisHost, failed.reason());
    assertEquals(CONNECTION + " was spawned by ESW.otheragent, not by " + AGENT, failed.message());
    assertEquals(0, locations.unregisterCalls.get());
  }

  @Test
  void aRegistrationLeftOverByARunOfThisAgentIsRemovedFencedByItsEpoch() {
    FakeLocationService locations = new FakeLocationService();
    assertEquals(new Killed(CONNECTION), kill(locations, location(Map.of(Location.AGENT_PREFIX, AGENT.toString(), Location.EPOCH, "7"))));
    assertEquals(1, locations.unregisterCalls.get());
  }

  @Test
  void aLeftoverRegistrationThatCannotBeRemovedIsStillRegistered() {
    FakeLocationService locations = new FakeLocationService();
    locations.down(true);
    Failed failed = (Failed) kill(locations, location(Map.of(Location.AGENT_PREFIX, AGENT.toString(), Location.EPOCH, "7")));
    assertEquals(FailureReason.StillRegistered, failed.reason());
    assertTrue(failed.message().contains("no majority"), failed.message());
    assertTrue(locations.unregisterCalls.get() > 1, "asked again before giving up: " + locations.unregisterCalls.get());
  }

  @Test
  void aComponentStartedByHandThatIsGoneIsKilled() {
    FakeLocationService locations = new FakeLocationService();
    assertEquals(new Killed(CONNECTION), kill(locations, location(Map.of())));
    assertEquals(0, locations.unregisterCalls.get(), "not this agent's registration to remove");
  }

  @Test
  void aComponentStartedByHandThatIsStillRegisteredIsNotThisAgentsToKill() {
    FakeLocationService locations = new FakeLocationService();
    locations.lists(location(Map.of()));
    Failed failed = (Failed) kill(locations, location(Map.of()));
    assertEquals(FailureReason.NotOnThisHost, failed.reason());
    assertEquals(CONNECTION + " was not started by " + AGENT + " (its agent: none)", failed.message());
  }
}
