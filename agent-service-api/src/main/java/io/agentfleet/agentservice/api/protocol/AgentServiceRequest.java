package io.agentfleet.agentservice.api.protocol;

import static io.agentfleet.agentservice.api.RequiredField.listOrEmpty;
import static io.agentfleet.agentservice.api.RequiredField.optional;
import static io.agentfleet.agentservice.api.RequiredField.text;
import static io.agentfleet.agentservice.api.RequiredField.value;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Optional;

/**
 * A request to {@code POST /post-endpoint}, as the ESW agent service speaks it: an object whose
 * {@code "_type"} names the record; optional values are JSON arrays ({@code []} or {@code ["1.0.0"]}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "_type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AgentServiceRequest.SpawnSequenceComponent.class, name = "SpawnSequenceComponent"),
  @JsonSubTypes.Type(value = AgentServiceRequest.SpawnSequenceManager.class, name = "SpawnSequenceManager"),
  @JsonSubTypes.Type(value = AgentServiceRequest.SpawnComponent.class, name = "SpawnComponent"),
  @JsonSubTypes.Type(value = AgentServiceRequest.KillComponent.class, name = "KillComponent"),
  @JsonSubTypes.Type(value = AgentServiceRequest.GetAgentStatus.class, name = "GetAgentStatus"),
  @JsonSubTypes.Type(value = AgentServiceRequest.Provision.class, name = "Provision")
})
public sealed interface AgentServiceRequest {

  /**
   * Spawn a sequence component named {@code componentName} in the agent's subsystem.
   *
   * @param simulation an extension to ESW: absent means false, and it is written only when true, so
   *     requests from and to ESW stay byte-for-byte the same
   */
  record SpawnSequenceComponent(
      String agentPrefix,
      String componentName,
      Optional<String> version,
      // FAIL_ON_NULL_FOR_PRIMITIVES would refuse an absent simulation; AS_EMPTY reads absent as false.
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSetter(nulls = Nulls.AS_EMPTY) boolean simulation)
      implements AgentServiceRequest {
    public SpawnSequenceComponent {
      agentPrefix = text(agentPrefix, "agentPrefix");
      componentName = text(componentName, "componentName");
      version = optional(version);
    }
  }

  /**
   * Spawn the sequence manager with its obs-mode config.
   *
   * @param obsModeConfigPath a path in the config service, or on the agent's host when {@code isConfigLocal}
   * @param simulation as in {@link SpawnSequenceComponent}
   */
  record SpawnSequenceManager(
      String agentPrefix,
      String obsModeConfigPath,
      // Primitive: the mapper's FAIL_ON_NULL_FOR_PRIMITIVES makes an absent value an error, not false.
      boolean isConfigLocal,
      Optional<String> version,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSetter(nulls = Nulls.AS_EMPTY) boolean simulation)
      implements AgentServiceRequest {
    public SpawnSequenceManager {
      agentPrefix = text(agentPrefix, "agentPrefix");
      obsModeConfigPath = text(obsModeConfigPath, "obsModeConfigPath");
      version = optional(version);
    }
  }

  /**
   * Spawn a component of a kind configured on the agent (an extension to ESW). Only configured kinds
   * can be launched; {@code args} are appended to the kind's own arguments.
   *
   * @param args absent means none
   */
  record SpawnComponent(String agentPrefix, String kind, String prefix, String componentType, List<String> args)
      implements AgentServiceRequest {
    public SpawnComponent {
      agentPrefix = text(agentPrefix, "agentPrefix");
      kind = text(kind, "kind");
      prefix = text(prefix, "prefix");
      componentType = text(componentType, "componentType");
      args = listOrEmpty(args, "args");
    }
  }

  /** Stop a component through the agent that started it. */
  record KillComponent(ComponentIdDto componentId) implements AgentServiceRequest {
    public KillComponent {
      componentId = value(componentId, "componentId");
    }
  }

  /** Every agent and the sequence components it runs. */
  record GetAgentStatus() implements AgentServiceRequest {}

  /**
   * Run exactly the sequence components the config places on each agent: ESW's sequence-manager
   * {@code Provision}, served here unchanged.
   */
  record Provision(ProvisionConfig config) implements AgentServiceRequest {
    public Provision {
      config = value(config, "config");
    }
  }
}
