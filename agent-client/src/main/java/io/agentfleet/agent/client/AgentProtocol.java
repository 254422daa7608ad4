package io.agentfleet.agent.client;

import akka.actor.typed.ActorRef;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What an Agent accepts and answers. Requests name configured component kinds, never command lines. */
public final class AgentProtocol {
  private AgentProtocol() {}

  /** A request to an agent. */
  public sealed interface AgentCommand extends AgentSerializable
      permits SpawnSequenceComponent, SpawnSequenceManager, SpawnComponent, KillComponent, GetAgentStatus {}

  /**
   * Spawn a sequence component {@code <agent subsystem>.<componentName>} of type SequenceComponent
   * (kind {@code sequence-component}).
   */
  public record SpawnSequenceComponent(
      ActorRef<SpawnResponse> replyTo, Prefix agentPrefix, String componentName, Optional<String> version, boolean simulation)
      implements AgentCommand {
    public SpawnSequenceComponent {
      Objects.requireNonNull(replyTo, "replyTo");
      Objects.requireNonNull(agentPrefix, "agentPrefix");
      version = version == null ? Optional.empty() : version;
      // Validates the name the same way a prefix is validated.
      new Prefix(agentPrefix.subsystem(), componentName);
    }

    public Prefix componentPrefix() {
      return new Prefix(agentPrefix.subsystem(), componentName);
    }
  }

  /** Spawn the sequence manager {@code ESW.sequence_manager} (kind {@code sequence-manager}). */
  public record SpawnSequenceManager(
      ActorRef<SpawnResponse> replyTo, String obsModeConfigPath, boolean isConfigLocal, Optional<String> version, boolean simulation)
      implements AgentCommand {
    public static final Prefix PREFIX = Prefix.parse("ESW.sequence_manager");

    public SpawnSequenceManager {
      Objects.requireNonNull(replyTo, "replyTo");
      Objects.requireNonNull(obsModeConfigPath, "obsModeConfigPath");
      version = version == null ? Optional.empty() : version;
    }
  }

  /**
   * Spawn a component of any configured {@code kind}; {@code args} fill the kind's {@code ${args}}.
   * Without a component type the kind's configured one is used.
   */
  public record SpawnComponent(
      ActorRef<SpawnResponse> replyTo, String kind, Prefix prefix, Optional<ComponentType> componentType, List<String> args)
      implements AgentCommand {
    public SpawnComponent {
      Objects.requireNonNull(replyTo, "replyTo");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(prefix, "prefix");
      componentType = componentType == null ? Optional.empty() : componentType;
      args = args == null ? List.of() : List.copyOf(args);
    }
  }

  /** Kill the component registered at {@code location} (it must run on this agent's host). */
  public record KillComponent(ActorRef<KillResponse> replyTo, Location location) implements AgentCommand {}

  /** Report every component this agent runs. */
  public record GetAgentStatus(ActorRef<AgentStatus> replyTo) implements AgentCommand {}

  /** Answer to a spawn. */
  public sealed interface SpawnResponse extends AgentSerializable permits Spawned, Failed {}

  /** Answer to a kill. */
  public sealed interface KillResponse extends AgentSerializable permits Killed, Failed {}

  /** The component runs and is registered at {@code location} (its metadata carries PID and epoch). */
  public record Spawned(Location location) implements SpawnResponse {}

  /** The component is no longer running (or was not running to begin with). */
  public record Killed(Connection connection) implements KillResponse {}

  /**
   * The request failed; nothing it started is left running.
   *
   * @param exitCode the process's exit code, when it exited
   * @param logTail the last lines of the component's log, when there is one
   */
  public record Failed(FailureReason reason, String message, Optional<Integer> exitCode, List<String> logTail)
      implements SpawnResponse, KillResponse {
    public Failed {
      exitCode = exitCode == null ? Optional.empty() : exitCode;
      logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }

    public static Failed of(FailureReason reason, String message) {
      return new Failed(reason, message, Optional.empty(), List.of());
    }
  }

  /** Why a request failed. */
  public enum FailureReason {
    /** The name is registered already (by this or another agent, or by hand). */
    AlreadyRegistered,
    /** Another spawn holds the name right now. */
    AlreadyReserved,
    /** The process exited before it registered. */
    ProcessExited,
    /** The process did not register within the kind's registration timeout; it was killed. */
    RegistrationTimeout,
    /** No component kind of that name is configured on the agent. */
    UnknownKind,
    /** The component does not run on this agent's host. */
    NotOnThisHost,
    /** The process could not be started. */
    LaunchFailed,
    /** The registry did not answer in time. */
    RegistryUnavailable,
    /** The request itself is invalid (e.g. a name that is not a valid prefix). */
    InvalidRequest,
    /** The agent did not answer within the client's timeout. */
    NoReply,
    /** No agent is registered under the prefix the request named. */
    UnknownAgent,
    /** The component to kill is not registered. */
    NotRegistered,
    /** The agent is shutting down: it stops what it runs and starts nothing new. */
    AgentStopping,
    /**
     * The component's processes are gone, but the registry could not be made to remove its
     * registration; it stays until a later kill removes it or its agent leaves the cluster.
     */
    StillRegistered,
    /** The spawn waited agent.max-queue-wait for a start slot and was dropped without being started. */
    QueueWaitExceeded
  }

  /** What a component is doing. */
  public enum ComponentState {
    /** Waiting for a start slot (the agent starts at most max-concurrent-starts at once). */
    Queued,
    Starting,
    Running,
    Stopping,
    /** Ended unasked; its kind's restart policy relaunches it after a backoff. */
    Restarting
  }

  /** One component of an agent. */
  public record ComponentStatus(
      Connection connection, String kind, ComponentState state, long pid, long epoch, Instant startedAt) {}

  /** Every component an agent runs. */
  public record AgentStatus(Prefix agentPrefix, String hostname, List<ComponentStatus> components) implements AgentSerializable {
    public AgentStatus {
      components = List.copyOf(components);
    }
  }
}
