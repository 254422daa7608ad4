package io.agentfleet.agentservice.impl;

import io.agentfleet.agent.client.AgentProtocol;
import io.agentfleet.agentservice.api.protocol.ComponentIdDto;
import io.agentfleet.agentservice.api.protocol.Failed;
import io.agentfleet.agentservice.api.protocol.KillResponse;
import io.agentfleet.agentservice.api.protocol.Killed;
import io.agentfleet.agentservice.api.protocol.SpawnResponse;
import io.agentfleet.agentservice.api.protocol.Spawned;
import io.agentfleet.location.model.ComponentId;

/** The agents' answers in the ESW wire contract, which has one message string for every failure. */
final class WireResponses {
  private WireResponses() {}

  static SpawnResponse spawn(AgentProtocol.SpawnResponse response) {
    if (response instanceof AgentProtocol.Spawned) {
      return new Spawned();
    }
    return failed((AgentProtocol.Failed) response);
  }

  static KillResponse kill(AgentProtocol.KillResponse response) {
    if (response instanceof AgentProtocol.Killed) {
      return new Killed();
    }
    return failed((AgentProtocol.Failed) response);
  }

  static Failed failed(AgentProtocol.Failed failed) {
    StringBuilder msg = new StringBuilder(failed.reason().name()).append(": ").append(failed.message());
    failed.exitCode().ifPresent(code -> msg.append(" (exit code ").append(code).append(')'));
    return new Failed(msg.toString());
  }

  static ComponentIdDto componentId(ComponentId id) {
    return new ComponentIdDto(id.prefix().toString(), id.componentType().name());
  }
}
