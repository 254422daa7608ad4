package io.agentfleet.agent.host;

import akka.actor.typed.ActorRef;
import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agent.client.AgentProtocol.ComponentStatus;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Prefix;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runs an agent is spawning, running or stopping, at most one a name: which names it manages, and
 * how many of them hold a start slot. Not an actor: the {@link Agent} owns it and keeps it up to date
 * from what each run's {@link ComponentRun} child reports.
 */
final class Runs {
  /**
   * One run: its child, what it runs, its line in the status, and whether a kill was routed to it (a
   * kill is never followed by a relaunch). {@code caller} is who asked for it and hears how its start
   * went; a repeat of that caller's spawn is the same request.
   */
  record Run(ActorRef<ComponentRun.Command> child, ComponentRun.Plan plan, ActorRef<SpawnResponse> caller, ComponentStatus status, boolean killed) {}

  private final Map<Connection, Run> byName = new HashMap<>();

  /** A run of {@code plan} by {@code child} took a start slot: it is Starting. */
  void starting(ActorRef<ComponentRun.Command> child, ComponentRun.Plan plan, ActorRef<SpawnResponse> caller) {
    ComponentStatus status = new ComponentStatus(plan.connection(), plan.kind().name(), ComponentState.Starting, 0L, 0L, Instant.EPOCH);
    byName.put(plan.connection(), new Run(child, plan, caller, status, false));
  }

  /** Why a spawn of {@code connection} is refused on the agent {@code agent}: a run has that name already. */
  Optional<Failed> refusal(Connection connection, Prefix agent) {
    return Optional.ofNullable(byName.get(connection)).map(run -> run.status().state()).map(state -> Failed.of(
        state == ComponentState.Running ? FailureReason.AlreadyRegistered : FailureReason.AlreadyReserved,
        connection + " is " + state.name().toLowerCase() + " on " + agent));
  }

  /** Whether the caller of {@code spawn} asked for a run of the same prefix already: {@code spawn} repeats it. */
  boolean holdsRequestOf(Spawn spawn) {
    return byName.values().stream().anyMatch(r -> r.caller().equals(spawn.replyTo()) && r.plan().connection().prefix().equals(spawn.prefix()));
  }

  /** How many runs hold a start slot. */
  long startingCount() {
    return byName.values().stream().filter(r -> r.status().state() == ComponentState.Starting).count();
  }

  /** The run of {@code status}'s name reports a new line for the status (ignored once the run is forgotten). */
  void progress(ComponentStatus status) {
    byName.computeIfPresent(status.connection(), (c, run) -> new Run(run.child(), run.plan(), run.caller(), status, run.killed()));
  }

  /** Notes that a kill was routed to the run of {@code connection}: the run's child, if there is a run. */
  Optional<ActorRef<ComponentRun.Command>> killed(Connection connection) {
    return Optional.ofNullable(byName.computeIfPresent(connection, (c, run) -> new Run(run.child(), run.plan(), run.caller(), run.status(), true)))
        .map(Run::child);
  }

  /** Forgets the run of {@code connection}: the run, if there was one. */
  Optional<Run> forget(Connection connection) {
    return Optional.ofNullable(byName.remove(connection));
  }

  /** Forgets the run of {@code connection} if {@code child} carries it: the run, if so. */
  Optional<Run> forget(Connection connection, ActorRef<ComponentRun.Command> child) {
    Run run = byName.get(connection);
    return run != null && run.child().equals(child) ? forget(connection) : Optional.empty();
  }

  boolean isEmpty() {
    return byName.isEmpty();
  }

  Collection<Run> all() {
    return List.copyOf(byName.values());
  }

  /** Each run's line in the agent's status. */
  Stream<ComponentStatus> statuses() {
    return byName.values().stream().map(Run::status);
  }
}
