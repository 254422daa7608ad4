package io.agentfleet.cli;

import io.agentfleet.agentservice.api.client.AgentServiceException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where whatever a command threw becomes an exit code and a line for the operator.
 * {@code what} names the endpoint the command talked to, so "cannot reach" says where.
 */
public final class Failures {
  private Failures() {}

  /** The failure as the CLI reports it. */
  public static CliFailure of(Throwable thrown) {
    Throwable cause = unwrap(thrown);
    if (cause instanceof CliFailure failure) {
      return failure;
    }
    if (cause instanceof AgentServiceException refused) {
      int status = refused.status();
      int code = status == 401 || status == 403 ? ExitCode.NOT_AUTHENTICATED : ExitCode.REFUSED;
      String hint = status == 401 ? " (log in again: fleet login)" : "";
      return new CliFailure(code, refused.error() + ": " + refused.errorMessage() + hint);
    }
    if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException
        || cause instanceof UnresolvedAddressException) {
      return new CliFailure(ExitCode.UNREACHABLE, "cannot connect: " + describe(cause));
    }
    if (cause instanceof HttpTimeoutException) {
      return new CliFailure(ExitCode.UNREACHABLE, "no answer in time: " + describe(cause));
    }
    if (cause instanceof java.io.IOException) {
      return new CliFailure(ExitCode.UNREACHABLE, "connection failed: " + describe(cause));
    }
    return new CliFailure(ExitCode.REFUSED, describe(cause));
  }

  private static Throwable unwrap(Throwable thrown) {
    Throwable t = thrown;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      // java.net.http often leaves the message empty; the cause usually has one.
      return t.getCause() != null && t.getCause() != t ? describe(t.getCause()) : t.getClass().getSimpleName();
    }
    return message;
  }
}
