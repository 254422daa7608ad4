package io.agentfleet.local;

/** The local fleet cannot start; the message says what to do about it. */
final class LaunchFailure extends RuntimeException {
  LaunchFailure(String message) {
    super(message);
  }
}
