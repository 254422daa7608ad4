package io.agentfleet.agentservice.api.rest;

import static io.agentfleet.agentservice.api.RequiredField.listOrEmpty;
import static io.agentfleet.agentservice.api.RequiredField.optional;
import static io.agentfleet.agentservice.api.RequiredField.text;

import java.util.List;
import java.util.Optional;

/**
 * Body of {@code POST /api/v1/agents/{agentPrefix}/components}: start a component of a configured kind.
 *
 * @param kind a component kind configured on the agent ({@code agent.components.<kind>})
 * @param prefix the full prefix to register it under, e.g. {@code ESW.c9}
 * @param componentType absent means the kind's configured type
 * @param args extra arguments after the kind's own; absent means none
 */
public record RestSpawnRequest(String kind, String prefix, Optional<String> componentType, List<String> args) {
  public RestSpawnRequest {
    kind = text(kind, "kind");
    prefix = text(prefix, "prefix");
    componentType = optional(componentType);
    args = listOrEmpty(args, "args");
  }
}
