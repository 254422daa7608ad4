package io.agentfleet.agentservice.api;

/**
 * The one error shape of every Agent Service HTTP endpoint: {@code {"error":"…","message":"…"}}.
 *
 * @param error a short machine-readable kind, e.g. {@code InvalidRequest}, {@code Unauthorized}
 * @param message what went wrong, for a person to read
 */
public record ErrorBody(String error, String message) {
  public ErrorBody {
    error = RequiredField.text(error, "error");
    message = RequiredField.value(message, "message");
  }
}
