package io.agentfleet.location.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** A component reachable over one transport; its name is {@code ESW.primary-SequenceComponent-akka}. */
public record Connection(Prefix prefix, ComponentType componentType, ConnectionType connectionType) {
  public Connection {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(componentType, "componentType");
    Objects.requireNonNull(connectionType, "connectionType");
  }

  /** Parses {@code <prefix>-<componentType>-<connectionType>} strictly. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Connection parse(String name) {
    if (name == null) {
      throw new InvalidNameException("connection name is missing");
    }
    String[] parts = name.split("-", -1);
    if (parts.length != 3) {
      throw new InvalidNameException(
          "invalid connection name '"
              + name
              + "' (expected <prefix>-<componentType>-<connectionType>, e.g. ESW.primary-SequenceComponent-akka)");
    }
    try {
      return new Connection(Prefix.parse(parts[0]), ComponentType.parse(parts[1]), ConnectionType.parse(parts[2]));
    } catch (InvalidNameException e) {
      throw new InvalidNameException("invalid connection name '" + name + "': " + e.getMessage());
    }
  }

  public ComponentId componentId() {
    return new ComponentId(prefix, componentType);
  }

  /** The registry's key for this connection. */
  @JsonValue
  public String name() {
    return prefix + "-" + componentType.name() + "-" + connectionType.wireName();
  }

  @Override
  public String toString() {
    return name();
  }
}
