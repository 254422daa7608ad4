package io.agentfleet.agentservice.impl;

import io.agentfleet.agent.client.AgentProtocol.ComponentStatus;
import io.agentfleet.agentservice.api.rest.AgentView;
import io.agentfleet.agentservice.api.rest.ComponentView;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The fleet as operators see it: every agent with what it runs, asked of the agents themselves through
 * the {@link AgentStatusCache}, so concurrent and repeated listings share the agents' answers.
 */
public final class AgentFleetView {
  private final AgentDirectory agents;
  private final AgentStatusCache statuses;

  public AgentFleetView(AgentDirectory agents, AgentStatusCache statuses) {
    this.agents = agents;
    this.statuses = statuses;
  }

  /** Every registered agent; one that does not answer is listed without components. */
  public CompletionStage<List<AgentView>> all() {
    return agents.all().thenCompose(locations -> {
      List<CompletableFuture<AgentView>> views = new ArrayList<>();
      for (Location location : locations) {
        views.add(view(location).toCompletableFuture());
      }
      return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
          .thenApply(done -> views.stream().map(CompletableFuture::join).sorted(Comparator.comparing(AgentView::prefix)).toList());
    });
  }

  /** One agent, if registered. */
  public CompletionStage<Optional<AgentView>> one(Prefix prefix) {
    return agents.all().thenCompose(locations -> locations.stream()
        .filter(l -> l.connection().prefix().equals(prefix))
        .findFirst()
        .map(l -> view(l).thenApply(Optional::of))
        .orElse(CompletableFuture.completedFuture(Optional.empty())));
  }

  private CompletionStage<AgentView> view(Location location) {
    Prefix prefix = location.connection().prefix();
    String hostname = location.hostname().orElse(String.valueOf(location.uri().getHost()));
    return statuses.status(prefix, () -> agents.client(location).status())
        .thenApply(status -> status.components().stream().map(AgentFleetView::component).toList())
        .exceptionally(noAnswer -> List.of())
        .thenApply(components -> new AgentView(prefix.toString(), hostname, location.uri(), components));
  }

  private static ComponentView component(ComponentStatus c) {
    return new ComponentView(
        c.connection().prefix().toString(),
        c.connection().componentType().name(),
        c.connection().name(),
        c.state().name(),
        c.pid() > 0 ? Optional.of(c.pid()) : Optional.empty(),
        c.epoch(),
        Optional.empty(),
        c.startedAt().equals(Instant.EPOCH) ? Optional.empty() : Optional.of(c.startedAt()));
  }
}
