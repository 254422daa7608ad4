package io.agentfleet.agent.host;

import akka.actor.typed.ActorRef;
import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agent.client.AgentProtocol.ComponentStatus;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.location.model.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Components that ended unasked and wait out their kind's restart backoff before they are spawned
 * again. A kill, an operator's spawn of the name or the agent's shutdown drops a pending relaunch.
 *
 * <p>Not an actor: the {@link Agent} owns it and the backoff timers (one per pending relaunch); this
 * holds what each relaunch will spawn and its line in the status.
 */
final class Relaunches {
  /** {@code lastEpoch} is that of the run that ended. */
  private record PendingRelaunch(Spawn spawn, long lastEpoch) {}

  private final Map<Connection, PendingRelaunch> pending = new HashMap<>();

  /**
   * Plans relaunch number {@code attempt} of what {@code plan} ran, whose last run had {@code lastEpoch};
   * {@code replyTo} hears how the relaunch went. Returns the backoff to wait before it is due.
   */
  Duration plan(ComponentRun.Plan plan, long lastEpoch, int attempt, ActorRef<SpawnResponse> replyTo) {
    Connection connection = plan.connection();
    Spawn spawn = new Spawn(replyTo, plan.kind().name(), connection.prefix(), Optional.of(connection.componentType()), plan.args(), plan.version(), attempt);
    pending.put(connection, new PendingRelaunch(spawn, lastEpoch));
    return plan.kind().restart().delayBefore(attempt);
  }

  /** Takes the relaunch of {@code connection}, whose backoff is over: the spawn to carry out, unless it was dropped. */
  Optional<Spawn> due(Connection connection) {
    return Optional.ofNullable(pending.remove(connection)).map(PendingRelaunch::spawn);
  }

  /** Drops the pending relaunch of {@code connection}; whether there was one. */
  boolean drop(Connection connection) {
    return pending.remove(connection) != null;
  }

  /** Drops every pending relaunch: the names they were for. */
  List<Connection> dropAll() {
    List<Connection> dropped = List.copyOf(pending.keySet());
    pending.clear();
    return dropped;
  }

  /** A Restarting line in the agent's status for each pending relaunch, with the epoch of its last run. */
  Stream<ComponentStatus> statuses() {
    return pending.entrySet().stream()
        .map(e -> new ComponentStatus(e.getKey(), e.getValue().spawn().kind(), ComponentState.Restarting, 0L, e.getValue().lastEpoch(), Instant.EPOCH));
  }
}
