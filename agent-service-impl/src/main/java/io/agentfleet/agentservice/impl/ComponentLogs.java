package io.agentfleet.agentservice.impl;

import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.LogResponse;
import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads a component's log through the agent whose host holds it: the agent named in the request, or
 * else the agent that runs the component now. A component that is gone has no registration to name its
 * agent, so a read of its log must name the agent.
 */
public final class ComponentLogs {
  /** The most lines one tail may ask for (the agent's own limit). */
  public static final int MAX_LINES = 10_000;

  private final AgentDirectory agents;

  public ComponentLogs(AgentDirectory agents) {
    this.agents = agents;
  }

  /** What came of a read. */
  public sealed interface Outcome permits Read, AgentRequired {}

  /** The agent's answer; {@code running} says whether the component is registered now. */
  public record Read(Prefix agent, boolean running, LogResponse response) implements Outcome {}

  /** The component is not registered and the request named no agent. */
  public record AgentRequired(String message) implements Outcome {}

  /**
   * The last {@code lines} lines. {@code componentId} is {@code ESW.c1-SequenceComponent} or a connection
   * name; one that does not parse fails the stage with an {@link IllegalArgumentException}, as does an
   * agent that is not a prefix.
   */
  public CompletionStage<Outcome> tail(String componentId, Optional<String> agent, int lines) {
    return read(componentId, agent, (client, id) -> client.tailLog(id, lines));
  }

  /** The whole lines after byte {@code offset}, for a follower. */
  public CompletionStage<Outcome> from(String componentId, Optional<String> agent, long offset) {
    return read(componentId, agent, (client, id) -> client.readLog(id, offset));
  }

  private interface LogCall {
    CompletionStage<LogResponse> on(AgentClient client, ComponentId id);
  }

  private CompletionStage<Outcome> read(String componentId, Optional<String> agentText, LogCall call) {
    ComponentId id;
    Optional<Prefix> named;
    try {
      id = parse(componentId);
      named = agentText.map(Prefix::parse);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return agents.registration(id).thenCompose(registered -> {
      boolean running = registered.isPresent();
      if (named.isPresent()) {
        return agents.byPrefix(named.get()).thenCompose(client -> ask(named.get(), client, running, id, call));
      }
      if (registered.isEmpty()) {
        return CompletableFuture.completedFuture(new AgentRequired(id.prefix() + " (" + id.componentType()
            + ") is not registered: name the agent whose host ran it (agent=PREFIX) to read its log"));
      }
      Location location = registered.get();
      return agents.runnerOf(location).thenCompose(client -> {
        Optional<Prefix> runner = client.map(AgentClient::agentPrefix).or(location::agentPrefix);
        if (runner.isEmpty()) {
          return CompletableFuture.completedFuture(new AgentRequired(id.prefix() + " (" + id.componentType()
              + ") was not started by an agent and no agent runs on its host: name the agent (agent=PREFIX) to read a log"));
        }
        return ask(runner.get(), client, true, id, call);
      });
    });
  }

  private static CompletionStage<Outcome> ask(Prefix agent, Optional<AgentClient> client, boolean running, ComponentId id, LogCall call) {
    if (client.isEmpty()) {
      return CompletableFuture.completedFuture(new Read(agent, running, Failed.of(FailureReason.UnknownAgent, "no agent is registered as " + agent)));
    }
    return call.on(client.get(), id).thenApply(response -> (Outcome) new Read(agent, running, response));
  }

  /** {@code ESW.c1-SequenceComponent} (a component id) or {@code ESW.c1-SequenceComponent-akka} (a connection name). */
  static ComponentId parse(String text) {
    String[] parts = text.split("-", -1);
    if (parts.length != 2 && parts.length != 3) {
      throw new IllegalArgumentException("'" + text + "' is neither a component id (ESW.c1-SequenceComponent) nor a connection name (ESW.c1-SequenceComponent-akka)");
    }
    return new ComponentId(Prefix.parse(parts[0]), ComponentType.parse(parts[1]));
  }
}
