package io.agentfleet.agentservice.api.protocol;

import static io.agentfleet.agentservice.api.RequiredField.listOrEmpty;
import static io.agentfleet.agentservice.api.RequiredField.value;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/** The answer to {@code GetAgentStatus}: {@code Success} or {@code LocationServiceError}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "_type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AgentStatusResponse.Success.class, name = "Success"),
  @JsonSubTypes.Type(value = AgentStatusResponse.LocationServiceError.class, name = "LocationServiceError")
})
public sealed interface AgentStatusResponse {

  /**
   * Every agent with its sequence components.
   *
   * @param seqCompsWithoutAgent sequence components registered without an agent (started by hand)
   */
  @JsonTypeName("Success")
  record Success(List<AgentStatus> agentStatus, List<SequenceComponentStatus> seqCompsWithoutAgent)
      implements AgentStatusResponse {
    public Success {
      agentStatus = listOrEmpty(agentStatus, "agentStatus");
      seqCompsWithoutAgent = listOrEmpty(seqCompsWithoutAgent, "seqCompsWithoutAgent");
    }
  }

  /** The location registry could not be read. ESW answers a provision with it too. */
  @JsonTypeName("LocationServiceError")
  record LocationServiceError(String reason) implements AgentStatusResponse, ProvisionResponse {
    public LocationServiceError {
      reason = value(reason, "reason");
    }
  }
}
