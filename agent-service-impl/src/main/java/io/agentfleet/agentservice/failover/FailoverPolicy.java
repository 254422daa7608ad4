package io.agentfleet.agentservice.failover;

import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import java.util.HashSet;
import java.util.List;

/**
 * What keeps one component up: the kind and arguments it is spawned with, and the agents that may
 * run it, in order of preference (the primary first, then the backups). Immutable; the constructor
 * refuses a policy that cannot be carried out.
 *
 * @param component the component's prefix, e.g. {@code ESW.sequence_manager}
 * @param kind a component kind configured on the agents ({@code agent.components.<kind>})
 * @param componentType the type it registers under; needed to tell its registration from others
 * @param args extra arguments after the kind's own
 * @param agents the primary, then the backups in order; at least one, no agent twice
 */
public record FailoverPolicy(Prefix component, String kind, ComponentType componentType, List<String> args, List<Prefix> agents)
    implements FailoverSerializable {
  public FailoverPolicy {
    if (component == null || componentType == null) {
      throw new IllegalArgumentException("a managed component needs its prefix and its componentType");
    }
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("a managed component needs the kind it is spawned as");
    }
    args = List.copyOf(args == null ? List.of() : args);
    agents = List.copyOf(agents == null ? List.of() : agents);
    if (agents.isEmpty()) {
      throw new IllegalArgumentException("a managed component needs at least one agent: its primary, then its backups");
    }
    if (new HashSet<>(agents).size() != agents.size()) {
      throw new IllegalArgumentException("an agent is named twice in " + agents);
    }
  }

  public Prefix primary() {
    return agents.get(0);
  }

  public List<Prefix> backups() {
    return agents.subList(1, agents.size());
  }
}
