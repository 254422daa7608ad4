package io.agentfleet.agent.host;

import akka.actor.typed.ActorRef;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.SpawnComponent;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.SpawnSequenceComponent;
import io.agentfleet.agent.client.AgentProtocol.SpawnSequenceManager;
import io.agentfleet.agent.kinds.ComponentKind;
import io.agentfleet.agent.kinds.ComponentKinds;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A spawn for the {@link Agent} to carry out, whichever request it came from: {@code replyTo} hears
 * how it went; {@code restarts} counts the relaunches in a row this one continues (0 for a request).
 */
record Spawn(
    ActorRef<SpawnResponse> replyTo, String kind, Prefix prefix, Optional<ComponentType> type, List<String> args, Optional<String> version, int restarts) {
  Spawn(ActorRef<SpawnResponse> replyTo, String kind, Prefix prefix, Optional<ComponentType> type, List<String> args, Optional<String> version) {
    this(replyTo, kind, prefix, type, args, version, 0);
  }

  static Spawn of(SpawnSequenceComponent spawn) {
    List<String> args = spawn.simulation() ? List.of("--simulation") : List.of();
    return new Spawn(spawn.replyTo(), "sequence-component", spawn.componentPrefix(), Optional.of(ComponentType.SequenceComponent), args, spawn.version());
  }

  static Spawn of(SpawnSequenceManager spawn) {
    List<String> args = new ArrayList<>(List.of("--obs-mode-config", spawn.obsModeConfigPath()));
    if (spawn.isConfigLocal()) {
      args.add("--local");
    }
    if (spawn.simulation()) {
      args.add("--simulation");
    }
    return new Spawn(spawn.replyTo(), "sequence-manager", SpawnSequenceManager.PREFIX, Optional.of(ComponentType.Service), List.copyOf(args), spawn.version());
  }

  static Spawn of(SpawnComponent spawn) {
    return new Spawn(spawn.replyTo(), spawn.kind(), spawn.prefix(), spawn.componentType(), spawn.args(), Optional.empty());
  }

  /** Why it can never start on the agent {@code agent}, whose kinds are {@code kinds} (unknown kind, bad version), if it cannot. */
  Optional<Failed> whyNeverOn(ComponentKinds kinds, Prefix agent) {
    Optional<ComponentKind> found = kinds.find(kind);
    if (found.isEmpty()) {
      return Optional.of(Failed.of(FailureReason.UnknownKind, "no component kind '" + kind + "' on " + agent + " (configured: " + String.join(", ", kinds.names()) + ")"));
    }
    try {
      found.get().versionFor(version);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(Failed.of(FailureReason.InvalidRequest, e.getMessage()));
    }
  }

  /** What a run of it runs, on an agent whose kinds are {@code kinds}; only for a spawn {@link #whyNeverOn} let in. */
  ComponentRun.Plan plan(ComponentKinds kinds) {
    ComponentKind found = kinds.find(kind).orElseThrow(); // checked on arrival; kinds never change
    return new ComponentRun.Plan(connection(found), found, args, found.versionFor(version), restarts);
  }

  /** The name it runs under as a component of {@code kind} (its own type, else the kind's). */
  Connection connection(ComponentKind kind) {
    return new Connection(prefix, type.orElse(kind.componentType()), kind.connectionType());
  }
}
