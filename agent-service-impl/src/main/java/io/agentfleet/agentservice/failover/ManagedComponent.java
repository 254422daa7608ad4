package io.agentfleet.agentservice.failover;

import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A component the failover decider keeps up: its policy, where it runs and what happened to it.
 *
 * @param placement the agent that runs it (or ran it last) and that agent's cluster incarnation
 * @param connection its registration's connection, once it has registered
 * @param history the latest events, oldest first, at most {@link #HISTORY} of them
 */
public record ManagedComponent(
    FailoverPolicy policy, Status status, Optional<Placement> placement, Optional<Connection> connection, List<FailoverEvent> history)
    implements FailoverSerializable {
  /** Events kept per component. */
  public static final int HISTORY = 50;

  public enum Status {
    /** Being started (or relaunched) now. */
    Starting,
    Running,
    /** Killed or exited on purpose; not relaunched until an operator asks again. */
    Stopped,
    /** Its agent left the cluster; being relaunched on a backup. */
    FailingOver,
    /** None of its agents could start it; tried again later. */
    Down
  }

  /**
   * @param agent the agent's prefix
   * @param member the agent's cluster member as {@code address#uid}: a restarted agent at the same
   *     address is another incarnation, and the component did not survive the first one
   */
  public record Placement(Prefix agent, String member) implements FailoverSerializable {}

  public ManagedComponent {
    history = List.copyOf(history);
  }

  public static ManagedComponent starting(FailoverPolicy policy) {
    return new ManagedComponent(policy, Status.Starting, Optional.empty(), Optional.empty(), List.of());
  }

  public Prefix component() {
    return policy.component();
  }

  public ManagedComponent withPolicy(FailoverPolicy newPolicy) {
    return new ManagedComponent(newPolicy, status, placement, connection, history);
  }

  public ManagedComponent withStatus(Status newStatus) {
    return new ManagedComponent(policy, newStatus, placement, connection, history);
  }

  public ManagedComponent runningOn(Placement where, Connection registered) {
    return new ManagedComponent(policy, Status.Running, Optional.of(where), Optional.of(registered), history);
  }

  public ManagedComponent recording(FailoverEvent event) {
    List<FailoverEvent> events = new ArrayList<>(history);
    events.add(event);
    return new ManagedComponent(policy, status, placement, connection,
        events.subList(Math.max(0, events.size() - HISTORY), events.size()));
  }
}
