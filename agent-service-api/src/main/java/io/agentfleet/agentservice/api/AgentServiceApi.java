package io.agentfleet.agentservice.api;

import io.agentfleet.agentservice.api.protocol.AgentStatusResponse;
import io.agentfleet.agentservice.api.protocol.ComponentIdDto;
import io.agentfleet.agentservice.api.protocol.KillResponse;
import io.agentfleet.agentservice.api.protocol.ProvisionConfig;
import io.agentfleet.agentservice.api.protocol.ProvisionResponse;
import io.agentfleet.agentservice.api.protocol.SpawnResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The Agent Service: start and stop components on the agent of a machine, and report what runs where.
 *
 * <p>Prefixes are strings such as {@code ESW.agent1}; implementations parse them strictly. Domain
 * failures (the agent is unknown, the name is taken, …) are {@code Failed} values; a failed stage means
 * the call itself did not get through.
 */
public interface AgentServiceApi {

  /** Spawns the sequence component {@code <agent subsystem>.<componentName>} on the agent {@code agentPrefix}. */
  CompletionStage<SpawnResponse> spawnSequenceComponent(
      String agentPrefix, String componentName, Optional<String> version, boolean simulation);

  /** Spawns the sequence manager on the agent {@code agentPrefix}, configured from {@code obsModeConfigPath}. */
  CompletionStage<SpawnResponse> spawnSequenceManager(
      String agentPrefix, String obsModeConfigPath, boolean isConfigLocal, Optional<String> version, boolean simulation);

  /** Spawns a component of a kind configured on the agent {@code agentPrefix}, registered as {@code prefix}/{@code componentType}. */
  CompletionStage<SpawnResponse> spawnComponent(
      String agentPrefix, String kind, String prefix, String componentType, List<String> args);

  /** Stops the component, through the agent that started it. */
  CompletionStage<KillResponse> killComponent(ComponentIdDto componentId);

  /** Every agent with the sequence components it runs, and the sequence components no agent claims. */
  CompletionStage<AgentStatusResponse> getAgentStatus();

  /**
   * Runs exactly the sequence components {@code config} places on each agent (ESW's sequence-manager
   * {@code Provision}): starts what is missing, stops what it no longer places, keeps the rest.
   */
  CompletionStage<ProvisionResponse> provision(ProvisionConfig config);
}
