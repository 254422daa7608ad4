package io.agentfleet.agentservice.impl.provision;

import io.agentfleet.agentservice.api.rest.Placement;
import io.agentfleet.location.model.Prefix;

/** A sequence component {@code component} on the agent {@code agent}, wanted or running. */
public record SeqCompPlacement(Prefix agent, Prefix component) {
  public Placement view() {
    return new Placement(agent.toString(), component.toString());
  }

  @Override
  public String toString() {
    return component + " on " + agent;
  }
}
