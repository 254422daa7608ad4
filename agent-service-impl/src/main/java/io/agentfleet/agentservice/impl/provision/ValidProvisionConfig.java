package io.agentfleet.agentservice.impl.provision;

import io.agentfleet.agentservice.api.protocol.AgentProvisionConfig;
import io.agentfleet.agentservice.api.protocol.ProvisionConfig;
import io.agentfleet.location.model.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provision config that passed the checks ESW makes (no agent twice, no negative count) and whose
 * prefixes parse, with ESW's names for the sequence components it places: {@code <SUBSYSTEM>_<n>},
 * numbered per subsystem across agents in config order, in the agent's subsystem (ESW.machine1 → 3,
 * ESW.machine2 → 2, IRIS.machine1 → 2 places ESW.ESW_1..3, ESW.ESW_4..5 and IRIS.IRIS_1..2).
 */
public record ValidProvisionConfig(List<AgentCount> agents) {

  /** An agent and how many sequence components it runs. */
  public record AgentCount(Prefix agent, int count) {}

  public ValidProvisionConfig {
    agents = List.copyOf(agents);
  }

  /**
   * Checks {@code config}; every problem found is in the one {@link IllegalArgumentException}'s
   * message, so the caller fixes them all at once.
   */
  public static ValidProvisionConfig of(ProvisionConfig config) {
    List<String> problems = new ArrayList<>();
    List<AgentCount> agents = new ArrayList<>();
    Set<Prefix> seen = new LinkedHashSet<>();
    Set<Prefix> repeated = new LinkedHashSet<>();
    for (AgentProvisionConfig entry : config.config()) {
      Prefix agent;
      try {
        agent = Prefix.parse(entry.agentPrefix());
      } catch (IllegalArgumentException e) {
        problems.add("agentPrefix: " + e.getMessage());
        continue;
      }
      if (!seen.add(agent)) {
        repeated.add(agent);
      }
      if (entry.countOfSeqComps() < 0) {
        problems.add("countOfSeqComps of " + agent + " is " + entry.countOfSeqComps() + ": it must not be negative");
      }
      agents.add(new AgentCount(agent, entry.countOfSeqComps()));
    }
    if (!repeated.isEmpty()) {
      problems.add("an agent may have one entry only; more than one for " + String.join(", ", repeated.stream().map(Prefix::toString).toList()));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid provision config: " + String.join("; ", problems));
    }
    return new ValidProvisionConfig(agents);
  }

  /** The agents the config names, in its order. */
  public List<Prefix> agentPrefixes() {
    return agents.stream().map(AgentCount::agent).toList();
  }

  /** Every sequence component the config places, with ESW's names, in config order. */
  public List<SeqCompPlacement> placements() {
    Map<String, Integer> nextBySubsystem = new HashMap<>();
    List<SeqCompPlacement> placements = new ArrayList<>();
    for (AgentCount entry : agents) {
      String subsystem = entry.agent().subsystem();
      int first = nextBySubsystem.getOrDefault(subsystem, 1);
      for (int n = first; n < first + entry.count(); n++) {
        placements.add(new SeqCompPlacement(entry.agent(), new Prefix(subsystem, subsystem + "_" + n)));
      }
      nextBySubsystem.put(subsystem, first + entry.count());
    }
    return placements;
  }
}
