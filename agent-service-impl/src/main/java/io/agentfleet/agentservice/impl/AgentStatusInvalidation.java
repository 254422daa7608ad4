package io.agentfleet.agentservice.impl;

import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.api.TrackingEvent.LocationUpdated;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Follows the registry's tracking feed and drops an agent's cached status when the agent's own
 * registration changes or when a location whose {@code agentPrefix} names the agent appears, changes
 * or goes away.
 */
final class AgentStatusInvalidation implements Consumer<TrackingEvent> {
  private final AgentStatusCache cache;
  // A LocationRemoved carries no metadata, so the agent of each connection is remembered from its
  // registration (the feed replays every current registration first).
  private final Map<Connection, Prefix> agentOf = new ConcurrentHashMap<>();

  AgentStatusInvalidation(AgentStatusCache cache) {
    this.cache = cache;
  }

  @Override
  public void accept(TrackingEvent event) {
    Connection connection = event.connection();
    if (connection.componentType() == ComponentType.Machine) {
      cache.invalidate(connection.prefix());
    }
    Optional<Prefix> agent = event instanceof LocationUpdated updated ? agentNamedBy(updated.location()) : Optional.empty();
    Prefix before = agent.isPresent() ? agentOf.put(connection, agent.get()) : agentOf.remove(connection);
    agent.ifPresent(cache::invalidate);
    if (before != null && !agent.equals(Optional.of(before))) {
      cache.invalidate(before);
    }
  }

  private static Optional<Prefix> agentNamedBy(Location location) {
    try {
      return location.agentPrefix();
    } catch (IllegalArgumentException e) {
      // Written by whoever registered it; a name that does not parse names no agent.
      return Optional.empty();
    }
  }
}
