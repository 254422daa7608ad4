package io.agentfleet.agentservice.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentfleet.agent.client.AgentProtocol.AgentStatus;
import io.agentfleet.location.api.TrackingEvent.LocationRemoved;
import io.agentfleet.location.api.TrackingEvent.LocationUpdated;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentStatusInvalidationTest {
  private static final Prefix MACHINE1 = Prefix.parse("ESW.machine1");
  private static final Prefix MACHINE2 = Prefix.parse("ESW.machine2");

  // Answers never get old here: only invalidation makes the cache ask again.
  private final AgentStatusCache cache = new AgentStatusCache(Duration.ofDays(1), Clock.systemUTC());
  private final AgentStatusInvalidation invalidation = new AgentStatusInvalidation(cache);
  private final AtomicInteger asks = new AtomicInteger();

  private static Location at(String connection, Map<String, String> metadata) {
    return new Location(Connection.parse(connection), URI.create("akka://fleet@127.0.0.1:1/user/x"), metadata);
  }

  private static Map<String, String> runBy(Prefix agent) {
    return Map.of(Location.AGENT_PREFIX, agent.toString());
  }

  /** Asks of {@code agent} so far, after one more request. */
  private int asksAfterRequestOf(Prefix agent) {
    cache.status(agent, () -> {
      asks.incrementAndGet();
      return CompletableFuture.completedFuture(new AgentStatus(agent, "h", List.of()));
    }).toCompletableFuture().join();
    return asks.get();
  }

  @Test
  void aComponentRegisteredForAnAgentDropsThatAgentsStatusOnly() {
    asksAfterRequestOf(MACHINE1);
    asksAfterRequestOf(MACHINE2);
    invalidation.accept(new LocationUpdated(at("ESW.c1-SequenceComponent-akka", runBy(MACHINE1))));
    assertEquals(3, asksAfterRequestOf(MACHINE1));
    assertEquals(3, asksAfterRequestOf(MACHINE2));
  }

  @Test
  void aRemovedComponentDropsTheStatusOfTheAgentItsRegistrationNamed() {
    invalidation.accept(new LocationUpdated(at("ESW.c1-SequenceComponent-akka", runBy(MACHINE1))));
    asksAfterRequestOf(MACHINE1);
    invalidation.accept(new LocationRemoved(Connection.parse("ESW.c1-SequenceComponent-akka")));
    assertEquals(2, asksAfterRequestOf(MACHINE1));
    invalidation.accept(new LocationRemoved(Connection.parse("ESW.byhand-Service-http")));
    assertEquals(2, asksAfterRequestOf(MACHINE1), "a component of no agent changes no agent's status");
  }

  @Test
  void aComponentMovedToAnotherAgentDropsBothAgentsStatus() {
    invalidation.accept(new LocationUpdated(at("ESW.c1-SequenceComponent-akka", runBy(MACHINE1))));
    asksAfterRequestOf(MACHINE1);
    asksAfterRequestOf(MACHINE2);
    invalidation.accept(new LocationUpdated(at("ESW.c1-SequenceComponent-akka", runBy(MACHINE2))));
    assertEquals(3, asksAfterRequestOf(MACHINE1));
    assertEquals(4, asksAfterRequestOf(MACHINE2));
  }

  @Test
  void theAgentsOwnRegistrationChangingDropsItsStatus() {
    asksAfterRequestOf(MACHINE1);
    invalidation.accept(new LocationUpdated(at("ESW.machine1-Machine-akka", Map.of())));
    assertEquals(2, asksAfterRequestOf(MACHINE1));
    invalidation.accept(new LocationRemoved(Connection.parse("ESW.machine1-Machine-akka")));
    assertEquals(3, asksAfterRequestOf(MACHINE1));
  }

  @Test
  void anUnparsableAgentPrefixNamesNoAgent() {
    asksAfterRequestOf(MACHINE1);
    invalidation.accept(new LocationUpdated(at("ESW.odd-Service-http", Map.of(Location.AGENT_PREFIX, "not a prefix"))));
    assertEquals(1, asksAfterRequestOf(MACHINE1));
  }
}
