package io.agentfleet.agentservice.api.client;

/**
 * The Agent Service answered with a non-2xx status, or with a body that is not a valid answer.
 *
 * <p>{@code error} and {@code message} come from the server's {@code {"error":…,"message":…}} body
 * when it sent one; otherwise {@code error} is {@code HTTP <status>} and the message is the start of
 * the body.
 */
public final class AgentServiceException extends RuntimeException {

  private final int status;
  private final String error;
  private final String errorMessage;

  public AgentServiceException(int status, String error, String errorMessage) {
    super(status + " " + error + ": " + errorMessage);
    this.status = status;
    this.error = error;
    this.errorMessage = errorMessage;
  }

  /** The HTTP status code of the response. */
  public int status() {
    return status;
  }

  /** The kind of error, e.g. {@code Unauthorized}, {@code InvalidRequest}. */
  public String error() {
    return error;
  }

  /** What went wrong, as the server said it. */
  public String errorMessage() {
    return errorMessage;
  }
}
