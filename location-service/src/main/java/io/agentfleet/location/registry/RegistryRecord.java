package io.agentfleet.location.registry;

import io.agentfleet.location.api.JsonSerializable;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the registry knows of one name, as replicated with Distributed Data. The authority (the
 * name's entity) writes it; everything else reads it. A {@link Vacant} record keeps the last epoch
 * so epochs stay strictly increasing when the entity restarts on another node.
 */
public sealed interface RegistryRecord extends JsonSerializable {
  Connection connection();

  long epoch();

  /** The owning cluster member, if any. */
  Optional<String> owner();

  /** Nothing is registered or reserved; {@code epoch} is the last one handed out. */
  record Vacant(Connection connection, long epoch) implements RegistryRecord {
    @Override
    public Optional<String> owner() {
      return Optional.empty();
    }
  }

  /**
   * Held for a spawn by {@code owner} (the spawning agent's member) until {@code deadline}, taken by
   * the reserve named {@code request} (null in records written before reserves were named).
   */
  record Held(Connection connection, long epoch, String holder, Instant deadline, String request) implements RegistryRecord {
    @Override
    public Optional<String> owner() {
      return Optional.of(holder);
    }

    /** Whether this hold was taken by that very reserve (sent again because its answer was late). */
    public boolean tookFor(String owner, String request) {
      return holder.equals(owner) && this.request != null && this.request.equals(request);
    }
  }

  /** Registered; {@code lease} present means it lapses unless refreshed. */
  record Taken(Location location, long epoch, String holder, Optional<Duration> lease) implements RegistryRecord {
    @Override
    public Connection connection() {
      return location.connection();
    }

    @Override
    public Optional<String> owner() {
      return Optional.of(holder);
    }
  }
}
