package io.agentfleet.location.http;

/** Input the HTTP API cannot accept; the message names the problem and goes to the client as a 400. */
public final class BadRequestException extends RuntimeException {
  public BadRequestException(String message) {
    super(message, null, false, false);
  }
}
