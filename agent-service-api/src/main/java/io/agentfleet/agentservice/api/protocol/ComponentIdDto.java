package io.agentfleet.agentservice.api.protocol;

import static io.agentfleet.agentservice.api.RequiredField.text;

/**
 * A component's identity on the wire, {@code {"prefix":"ESW.c1","componentType":"SequenceComponent"}}.
 * Both stay strings here; the service parses them strictly into the model.
 */
public record ComponentIdDto(String prefix, String componentType) {
  public ComponentIdDto {
    prefix = text(prefix, "prefix");
    componentType = text(componentType, "componentType");
  }
}
