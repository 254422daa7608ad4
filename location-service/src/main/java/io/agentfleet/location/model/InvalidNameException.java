package io.agentfleet.location.model;

/** A name (prefix, component type, connection) that does not parse; the message says what to fix. */
public final class InvalidNameException extends IllegalArgumentException {
  public InvalidNameException(String message) {
    super(message);
  }
}
