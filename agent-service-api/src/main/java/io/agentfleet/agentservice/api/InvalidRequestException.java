package io.agentfleet.agentservice.api;

/** A request body that is not a valid Agent Service request; the message says what is wrong and where. */
public final class InvalidRequestException extends IllegalArgumentException {
  public InvalidRequestException(String message) {
    super(message);
  }
}
