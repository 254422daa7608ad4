package io.agentfleet.agentservice.api.rest;

import static io.agentfleet.agentservice.api.RequiredField.listOrEmpty;
import static io.agentfleet.agentservice.api.RequiredField.text;
import static io.agentfleet.agentservice.api.RequiredField.value;

import java.net.URI;
import java.util.List;

/**
 * One agent as {@code GET /api/v1/agents} shows it.
 *
 * @param prefix the agent's prefix, e.g. {@code ESW.machine1}
 * @param hostname the host it runs on, from its registration metadata
 * @param uri where the agent's actor is reachable (its registered location)
 * @param components what this agent has spawned and still owns
 */
public record AgentView(String prefix, String hostname, URI uri, List<ComponentView> components) {
  public AgentView {
    prefix = text(prefix, "prefix");
    hostname = text(hostname, "hostname");
    uri = value(uri, "uri");
    components = listOrEmpty(components, "components");
  }
}
