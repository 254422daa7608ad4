package io.agentfleet.agentservice.api.rest;

import static io.agentfleet.agentservice.api.RequiredField.listOrEmpty;
import static io.agentfleet.agentservice.api.RequiredField.text;

import java.util.List;

/**
 * Body of {@code PUT /api/v1/managed-components/{prefix}}: keep a component up on one of its agents.
 *
 * @param kind a component kind configured on the agents
 * @param componentType the type it registers under, e.g. {@code Service}
 * @param agents the primary agent, then the backups in the order they take over
 * @param args extra arguments after the kind's own; absent means none
 */
public record RestManageRequest(String kind, String componentType, List<String> agents, List<String> args) {
  public RestManageRequest {
    kind = text(kind, "kind");
    componentType = text(componentType, "componentType");
    agents = listOrEmpty(agents, "agents");
    args = listOrEmpty(args, "args");
  }
}
