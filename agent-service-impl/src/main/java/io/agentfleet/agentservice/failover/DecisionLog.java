package io.agentfleet.agentservice.failover;

import io.agentfleet.location.model.Prefix;

/**
 * Where the decider reports each event it records for a component (a relaunch on a backup, a start
 * it could not make, a stop it noticed): the service writes them to its audit log, so what the fleet
 * did on its own is on record beside what operators asked for.
 *
 * <p>Called from inside the decider: an implementation hands the event off and returns at once.
 */
@FunctionalInterface
public interface DecisionLog {
  DecisionLog NONE = (component, event) -> {};

  void decided(Prefix component, FailoverEvent event);
}
