package io.agentfleet.agentservice.api;

/** A response body that is not a valid Agent Service answer; the message says what is wrong and where. */
public final class InvalidResponseException extends IllegalArgumentException {
  public InvalidResponseException(String message) {
    super(message);
  }
}
