package io.agentfleet.location.model;

import java.util.Objects;

/** A component: its prefix and type. */
public record ComponentId(Prefix prefix, ComponentType componentType) {
  public ComponentId {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(componentType, "componentType");
  }

  /** The connection of this component over the given transport. */
  public Connection connection(ConnectionType connectionType) {
    return new Connection(prefix, componentType, connectionType);
  }
}
