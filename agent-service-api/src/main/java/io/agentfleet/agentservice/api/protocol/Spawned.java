package io.agentfleet.agentservice.api.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** The component was started and has registered. */
@JsonTypeName("Spawned")
public record Spawned() implements SpawnResponse {}
