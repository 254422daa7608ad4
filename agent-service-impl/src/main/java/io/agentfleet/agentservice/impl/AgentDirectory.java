package io.agentfleet.agentservice.impl;

import akka.actor.typed.ActorSystem;
import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.client.AgentClientSettings;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Finds agents in the registry: by prefix, or the one that runs a given component. */
public final class AgentDirectory {
  private final ActorSystem<?> system;
  private final LocationService locations;
  // Read once: AgentClient.fromLocation reads the config on every call, which showed in listing profiles.
  private final AgentClientSettings clientSettings;
  private final RegistryChangeMemo<List<Location>> machines;

  public AgentDirectory(ActorSystem<?> system, LocationService locations) {
    this.system = system;
    this.locations = locations;
    this.clientSettings = AgentClientSettings.fromConfig(system.settings().config());
    // Every listing starts here; the registry's listing walks all replica buckets and sorts each time.
    this.machines = RegistryChangeMemo.following(locations, () -> locations.list(ComponentType.Machine));
  }

  /** The agent of {@code agentPrefix}; none only when a majority of registry replicas has none either. */
  public CompletionStage<Optional<AgentClient>> byPrefix(Prefix agentPrefix) {
    return findForSure(AgentClient.agentConnection(agentPrefix), locations::find, locations::catchUp)
        .thenApply(found -> found.map(this::client));
  }

  /**
   * {@code find} on this member's replica, and when that has nothing, once more after a majority read
   * ({@code catchUp}): an agent registered a moment ago elsewhere, or before this member joined, may
   * not have reached this replica by gossip yet, and "no such agent" must be true when it is said.
   * Only unknown names pay for the majority read.
   */
  static CompletionStage<Optional<Location>> findForSure(
      Connection connection,
      Function<Connection, CompletionStage<Optional<Location>>> find,
      Function<Connection, CompletionStage<Boolean>> catchUp) {
    return find.apply(connection).thenCompose(found -> found.isPresent()
        ? CompletableFuture.completedFuture(found)
        : catchUp.apply(connection).thenCompose(caughtUp -> find.apply(connection)));
  }

  /** Every registered agent's location. */
  public CompletionStage<List<Location>> all() {
    return machines.get();
  }

  public AgentClient client(Location agentLocation) {
    return AgentClient.fromLocation(system, agentLocation, clientSettings);
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

  /** The component's registration over any transport (akka first), asked of the replica itself. */
  public CompletionStage<Optional<Location>> registration(ComponentId id) {
    List<CompletableFuture<Optional<Location>>> finds = new ArrayList<>();
    for (ConnectionType type : ConnectionType.values()) {
      finds.add(locations.find(id.connection(type)).toCompletableFuture());
    }
    return CompletableFuture.allOf(finds.toArray(CompletableFuture[]::new))
        .thenApply(done -> finds.stream().map(CompletableFuture::join).flatMap(Optional::stream).findFirst());
  }
}
