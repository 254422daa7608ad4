package io.agentfleet.agentservice.api.rest;

import static io.agentfleet.agentservice.api.RequiredField.optional;
import static io.agentfleet.agentservice.api.RequiredField.text;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * One component an agent has spawned, as the REST API shows it.
 *
 * @param prefix the component's prefix, e.g. {@code ESW.c1}
 * @param componentType e.g. {@code SequenceComponent}
 * @param connection its connection name, e.g. {@code ESW.c1-SequenceComponent-akka}
 * @param state {@code Starting}, {@code Running} or {@code Stopping} (the agent's names, passed through)
 * @param pid the OS process id, once the process has started
 * @param epoch the fencing epoch of the reservation it was spawned under
 * @param uri its registered location, once it has registered
 * @param startedAt when the agent started the process
 */
public record ComponentView(
    String prefix,
    String componentType,
    String connection,
    String state,
    Optional<Long> pid,
    long epoch,
    Optional<URI> uri,
    Optional<Instant> startedAt) {
  public ComponentView {
    prefix = text(prefix, "prefix");
    componentType = text(componentType, "componentType");
    connection = text(connection, "connection");
    state = text(state, "state");
    pid = optional(pid);
    uri = optional(uri);
    startedAt = optional(startedAt);
  }
}
