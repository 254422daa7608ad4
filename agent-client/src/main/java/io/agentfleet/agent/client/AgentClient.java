package io.agentfleet.agent.client;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import io.agentfleet.agent.client.AgentProtocol.AgentCommand;
import io.agentfleet.agent.client.AgentProtocol.AgentStatus;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.KillResponse;
import io.agentfleet.agent.client.AgentProtocol.LogResponse;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A typed proxy to one agent. Every call has a timeout longer than the agent's own deadline for the
 * work; a timeout is answered as {@link FailureReason#NoReply}, never as an exception.
 */
public final class AgentClient {
  private final ActorSystem<?> system;
  private final ActorRef<AgentCommand> agent;
  private final Prefix agentPrefix;
  private final AgentClientSettings settings;

  public AgentClient(ActorSystem<?> system, ActorRef<AgentCommand> agent, Prefix agentPrefix, AgentClientSettings settings) {
    this.system = system;
    this.agent = agent;
    this.agentPrefix = agentPrefix;
    this.settings = settings;
  }

  /** The client of the agent registered at {@code location} (a {@code …-Machine-akka} location). */
  public static AgentClient fromLocation(ActorSystem<?> system, Location location) {
    return fromLocation(system, location, AgentClientSettings.fromConfig(system.settings().config()));
  }

  /** Like {@link #fromLocation(ActorSystem, Location)} with settings the caller read once. */
  public static AgentClient fromLocation(ActorSystem<?> system, Location location, AgentClientSettings settings) {
    ActorRef<AgentCommand> ref = ActorRefResolver.get(system).resolveActorRef(location.uri().toString());
    return new AgentClient(system, ref, location.connection().prefix(), settings);
  }

  /** The connection under which the agent of {@code agentPrefix} registers itself. */
  public static Connection agentConnection(Prefix agentPrefix) {
    return new Connection(agentPrefix, ComponentType.Machine, ConnectionType.AKKA);
  }

  /** Finds the agent of {@code agentPrefix} in the registry. */
  public static CompletionStage<Optional<AgentClient>> forPrefix(ActorSystem<?> system, LocationService locations, Prefix agentPrefix) {
    return locations.find(agentConnection(agentPrefix)).thenApply(found -> found.map(l -> fromLocation(system, l)));
  }

  public Prefix agentPrefix() {
    return agentPrefix;
  }

  public CompletionStage<SpawnResponse> spawnSequenceComponent(String componentName, Optional<String> version, boolean simulation) {
    return spawn(replyTo -> new AgentProtocol.SpawnSequenceComponent(replyTo, agentPrefix, componentName, version, simulation));
  }

  public CompletionStage<SpawnResponse> spawnSequenceManager(
      String obsModeConfigPath, boolean isConfigLocal, Optional<String> version, boolean simulation) {
    return spawn(replyTo -> new AgentProtocol.SpawnSequenceManager(replyTo, obsModeConfigPath, isConfigLocal, version, simulation));
  }

  public CompletionStage<SpawnResponse> spawnComponent(
      String kind, Prefix prefix, Optional<ComponentType> componentType, List<String> args) {
    return spawn(replyTo -> new AgentProtocol.SpawnComponent(replyTo, kind, prefix, componentType, args));
  }

  public CompletionStage<KillResponse> killComponent(Location location) {
    return ask(replyTo -> new AgentProtocol.KillComponent(replyTo, location), settings.killTimeout(), failed -> failed);
  }

  /** The last {@code lines} lines of a component's log on this agent's host; a read is awaited as long as a status. */
  public CompletionStage<LogResponse> tailLog(ComponentId component, int lines) {
    return ask(replyTo -> new AgentProtocol.TailComponentLog(replyTo, component, lines), settings.statusTimeout(), failed -> failed);
  }

  /** A component's log from byte {@code offset} on (what a follower has not seen yet). */
  public CompletionStage<LogResponse> readLog(ComponentId component, long offset) {
    return ask(replyTo -> new AgentProtocol.ReadComponentLog(replyTo, component, offset), settings.statusTimeout(), failed -> failed);
  }

  /** The agent's components; completes exceptionally only if the agent does not answer in time. */
  public CompletionStage<AgentStatus> status() {
    return AskPattern.ask(agent, AgentProtocol.GetAgentStatus::new, settings.statusTimeout(), system.scheduler());
  }

  /**
   * A spawn may wait in the agent's start queue before its own deadline (reserve, launch, registration)
   * begins, so it is awaited for both; an agent that dies meanwhile is answered at once.
   */
  private CompletionStage<SpawnResponse> spawn(Function<ActorRef<SpawnResponse>, AgentCommand> message) {
    Duration timeout = settings.spawnTimeout().plus(settings.maxQueueWait());
    return AgentCall.ask(system, agent, message, SpawnResponse.class, timeout,
        () -> noReply(timeout),
        () -> Failed.of(FailureReason.NoReply, "agent " + agentPrefix + " stopped or left the cluster before it answered"));
  }

  private Failed noReply(Duration timeout) {
    return Failed.of(FailureReason.NoReply, "agent " + agentPrefix + " did not answer within " + timeout.toSeconds() + " s");
  }

  private <T> CompletionStage<T> ask(
      Function<ActorRef<T>, AgentCommand> message, Duration timeout, Function<Failed, T> onNoReply) {
    CompletableFuture<T> result = new CompletableFuture<>();
    AskPattern.<AgentCommand, T>ask(agent, message::apply, timeout, system.scheduler())
        .whenComplete(
            (reply, failure) -> {
              if (failure == null) {
                result.complete(reply);
              } else {
                result.complete(onNoReply.apply(noReply(timeout)));
              }
            });
    return result;
  }
}
