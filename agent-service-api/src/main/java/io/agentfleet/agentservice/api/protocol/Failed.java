package io.agentfleet.agentservice.api.protocol;

import static io.agentfleet.agentservice.api.RequiredField.value;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** A spawn or kill did not happen; {@code msg} says why. ESW uses the one type for both answers. */
@JsonTypeName("Failed")
public record Failed(String msg) implements SpawnResponse, KillResponse {
  public Failed {
    msg = value(msg, "msg");
  }
}
