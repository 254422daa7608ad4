package io.agentfleet.agentservice.api.protocol;

import static io.agentfleet.agentservice.api.RequiredField.text;

import io.agentfleet.agentservice.api.InvalidFieldException;
import java.util.Set;

/**
 * A connection on the wire: {@code {"prefix":"ESW.primary","componentType":"Sequencer","connectionType":"akka"}}.
 *
 * @param connectionType {@code akka}, {@code http} or {@code tcp}
 */
public record ConnectionDto(String prefix, String componentType, String connectionType) {

  private static final Set<String> CONNECTION_TYPES = Set.of("akka", "http", "tcp");

  public ConnectionDto {
    prefix = text(prefix, "prefix");
    componentType = text(componentType, "componentType");
    connectionType = text(connectionType, "connectionType");
    if (!CONNECTION_TYPES.contains(connectionType)) {
      throw new InvalidFieldException("connectionType", "must be one of akka, http, tcp but was '" + connectionType + "'");
    }
  }
}
