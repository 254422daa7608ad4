package io.agentfleet.agent.host;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.Spawned;

/**
 * Where the answers to the {@link Agent}'s own relaunch spawns go. Nobody waits for them, so they
 * are only logged (under the agent's logger, where they always were); a child of the agent, so they
 * take none of its turns.
 */
final class RelaunchAnswers {
  private RelaunchAnswers() {}

  static Behavior<SpawnResponse> create() {
    return Behaviors.setup(context -> {
      context.setLoggerName(Agent.class);
      return Behaviors.receive(SpawnResponse.class)
          .onMessage(Spawned.class, spawned -> {
            context.getLog().info("{}: relaunched at {}", spawned.location().connection(), spawned.location().uri());
            return Behaviors.same();
          })
          .onMessage(Failed.class, failed -> {
            context.getLog().warn("relaunch failed: {} ({})", failed.message(), failed.reason());
            return Behaviors.same();
          })
          .build();
    });
  }
}
