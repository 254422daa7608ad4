package io.agentfleet.cli;

/** The CLI's exit codes, the contract scripts rely on. */
public final class ExitCode {
  /** The command did what it was asked. */
  public static final int DONE = 0;
  /** The service (or Keycloak) answered and refused or failed the request. */
  public static final int REFUSED = 1;
  /** The command line is wrong (picocli's own code for usage errors). */
  public static final int USAGE = 2;
  /** The service or Keycloak could not be reached, or did not answer in time. */
  public static final int UNREACHABLE = 3;
  /** No valid login, or the logged-in user lacks the role the call needs. */
  public static final int NOT_AUTHENTICATED = 4;

  private ExitCode() {}
}
