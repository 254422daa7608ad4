package io.agentfleet.agentservice.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.agentfleet.agent.client.AgentProtocol;
import io.agentfleet.agent.client.AgentProtocol.AgentCommand;
import io.agentfleet.agent.client.AgentProtocol.AgentStatus;
import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agent.client.AgentProtocol.ComponentStatus;
import io.agentfleet.agentservice.api.protocol.ComponentIdDto;
import io.agentfleet.agentservice.api.rest.AgentView;
import io.agentfleet.agentservice.api.rest.ComponentView;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.InProcessMember;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The listing after a spawn or kill through the service, on a one-member cluster with a registry and a
 * stand-in agent. The stand-in changes its status but never the registry, and agents' answers are kept
 * for an hour: only the service's own invalidation can make the listing show the change.
 */
class AgentFleetViewTest {
  private static final Prefix MACHINE1 = Prefix.parse("ESW.machine1");
  private static InProcessMember member;
  private static AgentServiceImpl service;
  private static AgentFleetView fleet;

  /** Runs nothing; keeps a list of components that spawns and kills change, and reports it. */
  private static Behavior<AgentCommand> standInAgent(Map<Connection, ComponentStatus> running) {
    return Behaviors.receiveMessage(command -> {
      if (command instanceof AgentProtocol.SpawnComponent spawn) {
        Connection connection = new Connection(spawn.prefix(), spawn.componentType().orElse(ComponentType.Service), ConnectionType.HTTP);
        running.put(connection, new ComponentStatus(connection, spawn.kind(), ComponentState.Running, 42, 1, Instant.EPOCH));
        spawn.replyTo().tell(new AgentProtocol.Spawned(new Location(connection, URI.create("http://127.0.0.1:1/"), Map.of())));
      } else if (command instanceof AgentProtocol.KillComponent kill) {
        running.remove(kill.location().connection());
        kill.replyTo().tell(new AgentProtocol.Killed(kill.location().connection()));
      } else if (command instanceof AgentProtocol.GetAgentStatus get) {
        get.replyTo().tell(new AgentStatus(MACHINE1, "host1", List.copyOf(running.values())));
      }
      return standInAgent(running);
    });
  }

  @BeforeAll
  static void start() {
    member = InProcessMember.alone();
    ActorRef<AgentCommand> agent = member.testKit().spawn(standInAgent(new TreeMap<>(java.util.Comparator.comparing(Connection::name))), "agent");
    Location agentLocation = new Location(new Connection(MACHINE1, ComponentType.Machine, ConnectionType.AKKA),
        URI.create(ActorRefResolver.get(member.system()).toSerializationFormat(agent)), Map.of(Location.HOSTNAME, "host1"));
    member.locations().register(Registration.of(agentLocation)).toCompletableFuture().join();
    var locations = member.locations();
    AgentDirectory agents = new AgentDirectory(member.system(), locations);
    AgentStatusCache statuses = AgentStatusCache.following(locations, new StatusCacheSettings(Duration.ofHours(1)), Clock.systemUTC());
    service = new AgentServiceImpl(agents, locations, statuses);
    fleet = new AgentFleetView(agents, statuses);
    Eventually.await("the agent is listed", Duration.ofSeconds(10), () -> fleet.all().toCompletableFuture().join().size() == 1);
  }

  @AfterAll
  static void stop() {
    if (member != null) {
      member.close();
    }
  }

  private static List<String> listed() {
    AgentView machine = fleet.all().toCompletableFuture().join().get(0);
    return machine.components().stream().map(ComponentView::connection).toList();
  }

  @Test
  void aSpawnAndAKillThroughTheServiceShowInTheNextListing() {
    assertEquals(List.of(), listed());
    var spawned = service.spawn("ESW.machine1", "sample", "ESW.r1", Optional.empty(), List.of()).toCompletableFuture().join();
    assertInstanceOf(AgentProtocol.Spawned.class, spawned);
    assertEquals(List.of("ESW.r1-Service-http"), listed(), "listed right after the spawn");

    // The kill finds the component in the registry; that registration names the agent, so wait until
    // the feed's invalidation has passed and the listing holds the agent's answer again.
    Location r1 = new Location(Connection.parse("ESW.r1-Service-http"), URI.create("http://127.0.0.1:1/"), Map.of(Location.AGENT_PREFIX, "ESW.machine1"));
    member.locations().register(Registration.of(r1)).toCompletableFuture().join();
    Eventually.await("the registration is found", Duration.ofSeconds(10),
        () -> member.locations().find(r1.connection()).toCompletableFuture().join().isPresent());
    assertEquals(List.of("ESW.r1-Service-http"), listed());

    var killed = service.kill(new ComponentIdDto("ESW.r1", "Service")).toCompletableFuture().join();
    assertInstanceOf(AgentProtocol.Killed.class, killed);
    assertEquals(List.of(), listed(), "gone from the listing right after the kill");
  }
}
