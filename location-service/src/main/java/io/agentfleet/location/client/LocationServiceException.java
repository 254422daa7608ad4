package io.agentfleet.location.client;

/** The registry's HTTP API could not be reached or answered something unexpected. */
public final class LocationServiceException extends RuntimeException {
  public LocationServiceException(String message, Throwable cause) {
    super(message, cause);
  }
}
