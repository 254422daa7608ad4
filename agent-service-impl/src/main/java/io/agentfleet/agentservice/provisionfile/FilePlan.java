package io.agentfleet.agentservice.provisionfile;

import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What applying a provision file changes. A component of the file that is present (registered or
 * starting on an agent, or kept up by the failover decider) is kept, wherever it runs (it may have
 * failed over to a backup); one that is not is started. A component the provision placed before (its
 * last applied file lists it) that the file no longer lists is stopped if present. Nothing else is
 * ever stopped: what no provision file placed is not this plan's to touch.
 */
public record FilePlan(String provision, List<FileComponent> start, List<FileComponent> stop, List<FileComponent> keep) {
  public FilePlan {
    start = List.copyOf(start);
    stop = List.copyOf(stop);
    keep = List.copyOf(keep);
  }

  /**
   * @param previous the file this provision was last applied with, if any
   * @param present every component that runs, starts or is managed now
   */
  public static FilePlan between(ProvisionFile wanted, Optional<ProvisionFile> previous, Set<ComponentId> present) {
    List<FileComponent> start = new ArrayList<>();
    List<FileComponent> keep = new ArrayList<>();
    for (FileComponent c : wanted.components()) {
      (present.contains(c.id()) ? keep : start).add(c);
    }
    Set<Prefix> listed = wanted.components().stream().map(FileComponent::prefix).collect(Collectors.toSet());
    List<FileComponent> stop = previous.map(ProvisionFile::components).orElse(List.of()).stream()
        .filter(c -> !listed.contains(c.prefix()) && present.contains(c.id()))
        .toList();
    return new FilePlan(wanted.name(), start, stop, keep);
  }

  public boolean changesNothing() {
    return start.isEmpty() && stop.isEmpty();
  }

  /** The agents the components to start may run on: at least one of each must be registered. */
  public List<Prefix> missingAgents(Set<Prefix> registered) {
    return start.stream()
        .filter(c -> c.agents().stream().noneMatch(registered::contains))
        .flatMap(c -> c.agents().stream())
        .distinct()
        .toList();
  }

  public PlanView view() {
    return new PlanView(provision, start.stream().map(PlannedComponent::of).toList(), stop.stream().map(PlannedComponent::of).toList(),
        keep.stream().map(PlannedComponent::of).toList());
  }

  /** The plan as {@code POST /api/v1/provisions/plan} answers it. */
  public record PlanView(String provision, List<PlannedComponent> start, List<PlannedComponent> stop, List<PlannedComponent> keep) {}

  /** A component of a plan: {@code agents} is where it runs, then its backups; {@code managed} when there are backups. */
  public record PlannedComponent(String prefix, String componentType, String kind, List<String> agents, boolean managed) {
    static PlannedComponent of(FileComponent c) {
      return new PlannedComponent(c.prefix().toString(), c.componentType().name(), c.kind(),
          c.agents().stream().map(Prefix::toString).toList(), c.managed());
    }
  }
}
