package io.agentfleet.agentservice.api.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** The component was stopped and unregistered. */
@JsonTypeName("Killed")
public record Killed() implements KillResponse {}
