package io.agentfleet.cli;

/** A failure the CLI reports as one line and an exit code, without a stack trace. */
public final class CliFailure extends RuntimeException {
  private final int exitCode;

  public CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** One of {@link ExitCode}'s values. */
  public int exitCode() {
    return exitCode;
  }

  /** No usable login: none cached, expired beyond refresh, or refused by Keycloak. */
  public static CliFailure notAuthenticated(String message) {
    return new CliFailure(ExitCode.NOT_AUTHENTICATED, message);
  }
}
