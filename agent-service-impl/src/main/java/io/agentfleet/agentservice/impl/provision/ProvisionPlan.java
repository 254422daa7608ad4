package io.agentfleet.agentservice.impl.provision;

import io.agentfleet.agentservice.api.rest.ProvisionPlanView;
import io.agentfleet.location.model.Prefix;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a provision changes: the wanted placement against what runs. A sequence component that runs on
 * the agent the config places it on is kept; one the config does not place there is stopped; a wanted
 * one that does not run there is started. A component the config moves to another agent is in both
 * {@code stop} and {@code start}: its start waits for its stop, as its name is taken until then.
 */
public record ProvisionPlan(List<SeqCompPlacement> start, List<SeqCompPlacement> stop, List<SeqCompPlacement> keep) {

  public ProvisionPlan {
    start = List.copyOf(start);
    stop = List.copyOf(stop);
    keep = List.copyOf(keep);
  }

  /** The plan that takes {@code running} to {@code wanted}. */
  public static ProvisionPlan between(List<SeqCompPlacement> wanted, List<SeqCompPlacement> running) {
    Set<SeqCompPlacement> runs = new LinkedHashSet<>(running);
    Set<SeqCompPlacement> wants = new LinkedHashSet<>(wanted);
    List<SeqCompPlacement> start = new ArrayList<>();
    List<SeqCompPlacement> keep = new ArrayList<>();
    for (SeqCompPlacement placement : wants) {
      (runs.contains(placement) ? keep : start).add(placement);
    }
    List<SeqCompPlacement> stop = runs.stream().filter(p -> !wants.contains(p)).toList();
    return new ProvisionPlan(start, stop, keep);
  }

  /** The stop that must end before {@code start} can begin: the same name running elsewhere. */
  public Optional<SeqCompPlacement> stopBefore(SeqCompPlacement start) {
    Prefix name = start.component();
    return stop.stream().filter(s -> s.component().equals(name)).findFirst();
  }

  public boolean changesNothing() {
    return start.isEmpty() && stop.isEmpty();
  }

  public ProvisionPlanView view() {
    return new ProvisionPlanView(
        start.stream().map(SeqCompPlacement::view).toList(),
        stop.stream().map(SeqCompPlacement::view).toList(),
        keep.stream().map(SeqCompPlacement::view).toList());
  }
}
