package io.agentfleet.agentservice.impl;

import akka.actor.typed.ActorSystem;
import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Finds agents in the registry: by prefix, or the one that runs a given component. */
public final class AgentDirectory {
  private final ActorSystem<?> system;
  private final LocationService locations;

  public AgentDirectory(ActorSystem<?> system, LocationService locations) {
    this.system = system;
    this.locations = locations;
  }

  public CompletionStage<Optional<AgentClient>> byPrefix(Prefix agentPrefix) {
    return AgentClient.forPrefix(system, locations, agentPrefix);
  }

  /** Every registered agent's location. */
  public CompletionStage<List<Location>> all() {
    return locations.list(ComponentType.Machine);
  }

  public AgentClient client(Location agentLocation) {
    return AgentClient.fromLocation(system, agentLocation);
  }

  /**
   * The agent that runs {@code component}: the one named in its {@code agentPrefix} metadata, else
   * the agent on the component's host (a component started by hand on an agent's machine).
   */
  public CompletionStage<Optional<AgentClient>> runnerOf(Location component) {
    Optional<Prefix> named = component.agentPrefix();
    if (named.isPresent()) {
      return byPrefix(named.get());
    }
    String host = component.hostname().orElse(component.uri().getHost());
    return all()
        .thenApply(
            agents ->
                agents.stream()
                    .filter(agent -> host != null && host.equals(agent.hostname().orElse(agent.uri().getHost())))
                    .findFirst()
                    .map(this::client));
  }
}
