package io.agentfleet.agentservice.api.protocol;

import static io.agentfleet.agentservice.api.RequiredField.listOrEmpty;
import static io.agentfleet.agentservice.api.RequiredField.value;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * The answer to {@code Provision}, in the shapes of ESW's sequence manager ({@code ProvisionResponse}
 * and the failures it shares with its other answers), so its clients read it unchanged. As in ESW,
 * {@code LocationServiceError} (the registry could not be read; nothing was changed) is the one of the
 * status answer, {@link AgentStatusResponse.LocationServiceError}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "_type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ProvisionResponse.Success.class, name = "Success"),
  @JsonSubTypes.Type(value = ProvisionResponse.CouldNotFindMachines.class, name = "CouldNotFindMachines"),
  @JsonSubTypes.Type(value = ProvisionResponse.SpawningSequenceComponentsFailed.class, name = "SpawningSequenceComponentsFailed"),
  @JsonSubTypes.Type(value = AgentStatusResponse.LocationServiceError.class, name = "LocationServiceError"),
  @JsonSubTypes.Type(value = ProvisionResponse.Unhandled.class, name = "Unhandled"),
  @JsonSubTypes.Type(value = ProvisionResponse.FailedResponse.class, name = "FailedResponse")
})
public sealed interface ProvisionResponse permits ProvisionResponse.Success, ProvisionResponse.CouldNotFindMachines,
    ProvisionResponse.SpawningSequenceComponentsFailed, AgentStatusResponse.LocationServiceError, ProvisionResponse.Unhandled,
    ProvisionResponse.FailedResponse {

  /** Every sequence component of the config runs where the config places it, and no other does. */
  @JsonTypeName("Success")
  record Success() implements ProvisionResponse {}

  /** No agent is registered under these prefixes; nothing was started or stopped. */
  @JsonTypeName("CouldNotFindMachines")
  record CouldNotFindMachines(List<String> prefix) implements ProvisionResponse {
    public CouldNotFindMachines {
      prefix = listOrEmpty(value(prefix, "prefix"), "prefix");
    }
  }

  /** Some spawns (or stops) failed, one message each; the others went through. */
  @JsonTypeName("SpawningSequenceComponentsFailed")
  record SpawningSequenceComponentsFailed(List<String> failureResponses) implements ProvisionResponse {
    public SpawningSequenceComponentsFailed {
      failureResponses = listOrEmpty(value(failureResponses, "failureResponses"), "failureResponses");
    }
  }

  /** The request cannot be taken in the service's present state (ESW: the sequence manager's). */
  @JsonTypeName("Unhandled")
  record Unhandled(String state, String messageType, String msg) implements ProvisionResponse {
    public Unhandled {
      state = value(state, "state");
      messageType = value(messageType, "messageType");
      msg = value(msg, "msg");
    }
  }

  /** The provision could not be carried out (e.g. an agent did not say what it runs). */
  @JsonTypeName("FailedResponse")
  record FailedResponse(String reason) implements ProvisionResponse {
    public FailedResponse {
      reason = value(reason, "reason");
    }
  }
}
