package io.agentfleet.agent.client;

import akka.actor.typed.ActorRef;
import io.agentfleet.location.model.ComponentId;
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
      permits SpawnSequenceComponent, SpawnSequenceManager, SpawnComponent, KillComponent, GetAgentStatus, LogRequest {}

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

  /**
   * A read of a component's log on this agent's host, named by its component id only (never a path),
   * running or ended. One answer carries at most {@link #MAX_LOG_CHUNK_BYTES} of it.
   */
  public sealed interface LogRequest extends AgentCommand permits TailComponentLog, ReadComponentLog {
    ActorRef<LogResponse> replyTo();

    ComponentId componentId();
  }

  /**
   * The most log bytes one answer carries. An answer crosses the wire as one JSON message, where a
   * control character grows to six bytes: 32 KiB stays below Akka's 256 KiB frame even then.
   */
  public static final int MAX_LOG_CHUNK_BYTES = 32 * 1024;

  /** The last {@code lines} whole lines of the component's log (1 to 10000; fewer if they pass the bound). */
  public record TailComponentLog(ActorRef<LogResponse> replyTo, ComponentId componentId, int lines) implements LogRequest {}

  /** The whole lines of the component's log from byte {@code offset} on: how a follower reads what was added. */
  public record ReadComponentLog(ActorRef<LogResponse> replyTo, ComponentId componentId, long offset) implements LogRequest {}

  /** Answer to a log read. */
  public sealed interface LogResponse extends AgentSerializable permits LogChunk, NoLog, Failed {}

  /**
   * Part of a component's current log file: the bytes from {@code from} to {@code nextOffset} as
   * text, whole lines only. {@code size} is the file's size when it was read, so
   * {@code nextOffset < size} means there is more. A {@code from} below the offset asked for means
   * the file was rotated (it is smaller than that offset) and is read again from its start.
   */
  public record LogChunk(ComponentId componentId, long from, long nextOffset, long size, String text) implements LogResponse {
    public LogChunk {
      Objects.requireNonNull(componentId, "componentId");
      Objects.requireNonNull(text, "text");
    }
  }

  /** The agent has no log of that component (it never ran on this host, or its log was removed). */
  public record NoLog(ComponentId componentId, String message) implements LogResponse {}

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
      implements SpawnResponse, KillResponse, LogResponse {
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
