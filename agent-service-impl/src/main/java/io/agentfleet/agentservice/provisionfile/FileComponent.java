package io.agentfleet.agentservice.provisionfile;

import io.agentfleet.agentservice.failover.FailoverPolicy;
import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import java.util.List;

/**
 * One component of a provision file: where it runs ({@code agents.get(0)}) and, when more agents are
 * named, its ordered backups, which make it a managed component that fails over.
 */
public record FileComponent(Prefix prefix, String kind, ComponentType componentType, List<Prefix> agents, List<String> args) {
  public FileComponent {
    agents = List.copyOf(agents);
    args = List.copyOf(args);
  }

  public ComponentId id() {
    return new ComponentId(prefix, componentType);
  }

  /** Whether it has backups, so the failover decider keeps it up rather than a plain spawn. */
  public boolean managed() {
    return agents.size() > 1;
  }

  public Prefix primary() {
    return agents.get(0);
  }

  public FailoverPolicy policy() {
    return new FailoverPolicy(prefix, kind, componentType, args, agents);
  }
}
