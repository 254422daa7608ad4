package io.agentfleet.location.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of component (the ESW set); {@code Machine} is an agent. */
public enum ComponentType {
  HCD,
  Assembly,
  Service,
  Container,
  Sequencer,
  SequenceComponent,
  Machine;

  /** Parses the exact name ({@code SequenceComponent}); anything else is an error listing the valid names. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ComponentType parse(String text) {
    for (ComponentType type : values()) {
      if (type.name().equals(text)) {
        return type;
      }
    }
    throw new InvalidNameException(
        "unknown component type '" + text + "' (expected one of " + names() + ")");
  }

  static String names() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
