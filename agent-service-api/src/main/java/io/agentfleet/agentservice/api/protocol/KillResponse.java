package io.agentfleet.agentservice.api.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The answer to a kill request: {@code {"_type":"Killed"}} or {@code {"_type":"Failed","msg":"…"}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "_type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Killed.class, name = "Killed"),
  @JsonSubTypes.Type(value = Failed.class, name = "Failed")
})
public sealed interface KillResponse permits Killed, Failed {}
