package io.agentfleet.agentservice.failover;

import io.agentfleet.location.model.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Which agents a component is (re)launched on, in which order. Pure. */
public final class FailoverRules {
  private FailoverRules() {}

  /**
   * The agents to try, in order: the policy's agents with the lost one last (it may come back, but
   * a component that failed over never moves back to it by itself, so it is only the last resort),
   * or all of them in order for a first start.
   */
  public static List<Prefix> launchOrder(FailoverPolicy policy, Optional<Prefix> lost) {
    List<Prefix> order = new ArrayList<>(policy.agents());
    lost.ifPresent(agent -> {
      if (order.remove(agent)) {
        order.add(agent);
      }
    });
    return order;
  }

  /**
   * Whether a spawn that failed because the name is held should be tried again on the same agent:
   * after a machine loss the name is held until the lost member's components are surely stopped
   * (the fence), which is what the decider waits out.
   */
  public static boolean nameStillHeld(io.agentfleet.agent.client.AgentProtocol.FailureReason reason) {
    return switch (reason) {
      case AlreadyRegistered, AlreadyReserved, RegistryUnavailable, StillRegistered -> true;
      default -> false;
    };
  }
}
