package io.agentfleet.location.model;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Where a connection is served, with string metadata (ESW keys {@code PID}, {@code agentPrefix}, …). */
public record Location(Connection connection, URI uri, Map<String, String> metadata) {
  /** Metadata key: the process id of the component. */
  public static final String PID = "PID";
  /** Metadata key: the prefix of the agent that spawned the component. */
  public static final String AGENT_PREFIX = "agentPrefix";
  /** Metadata key: the fencing epoch of the registration (set by the registry). */
  public static final String EPOCH = "epoch";
  /** Metadata key: the host the component runs on. */
  public static final String HOSTNAME = "hostname";
  /**
   * Metadata key set by the registry on a registration made through CSW's location contract (value
   * {@link #CSW_CONTRACT}): such a registration may be removed through that contract, which has no epoch.
   */
  public static final String REGISTERED_THROUGH = "registeredThrough";
  /** The value of {@link #REGISTERED_THROUGH} for CSW's contract. */
  public static final String CSW_CONTRACT = "csw";

  public Location {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(uri, "uri");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public Location(Connection connection, URI uri) {
    this(connection, uri, Map.of());
  }

  public Optional<String> metadataValue(String key) {
    return Optional.ofNullable(metadata.get(key));
  }

  public Optional<Long> pid() {
    return metadataValue(PID).flatMap(Location::parseLong);
  }

  public Optional<Long> epoch() {
    return metadataValue(EPOCH).flatMap(Location::parseLong);
  }

  public Optional<String> hostname() {
    return metadataValue(HOSTNAME);
  }

  public Optional<Prefix> agentPrefix() {
    return metadataValue(AGENT_PREFIX).map(Prefix::parse);
  }

  /** A copy with one more metadata entry. */
  public Location withMetadata(String key, String value) {
    Map<String, String> copy = new HashMap<>(metadata);
    copy.put(key, value);
    return new Location(connection, uri, copy);
  }

  private static Optional<Long> parseLong(String text) {
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
