package io.agentfleet.location.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a component is reached: an actor, an HTTP server or a TCP server. */
public enum ConnectionType {
  AKKA("akka"),
  HTTP("http"),
  TCP("tcp");

  private final String wireName;

  ConnectionType(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name used in connection names and JSON. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Parses {@code akka}, {@code http} or {@code tcp}. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ConnectionType parse(String text) {
    for (ConnectionType type : values()) {
      if (type.wireName.equals(text)) {
        return type;
      }
    }
    throw new InvalidNameException("unknown connection type '" + text + "' (expected akka, http or tcp)");
  }
}
