package io.agentfleet.agentservice.api.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The answer to a spawn request: {@code {"_type":"Spawned"}} or {@code {"_type":"Failed","msg":"…"}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "_type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Spawned.class, name = "Spawned"),
  @JsonSubTypes.Type(value = Failed.class, name = "Failed")
})
public sealed interface SpawnResponse permits Spawned, Failed {}
