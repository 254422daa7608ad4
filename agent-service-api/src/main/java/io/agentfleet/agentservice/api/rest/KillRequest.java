package io.agentfleet.agentservice.api.rest;

import static io.agentfleet.agentservice.api.RequiredField.text;

/**
 * Body of a REST kill: which component to stop; the service finds the agent that started it.
 *
 * @param prefix e.g. {@code ESW.c9}
 * @param componentType e.g. {@code Service}
 */
public record KillRequest(String prefix, String componentType) {
  public KillRequest {
    prefix = text(prefix, "prefix");
    componentType = text(componentType, "componentType");
  }
}
