package io.agentfleet.agent.kinds;

import java.time.Duration;

/**
 * What the agent does when a component it spawned ends without being asked to: with {@code
 * on-failure} it relaunches a component that exited with a non-zero code (crashed, was killed by a
 * signal from outside, or failed to start again), up to {@code maxRestarts} times in a row, waiting
 * {@code backoff} before the first relaunch and twice as long before each further one (at most
 * {@code maxBackoff}). A component that ran for {@code stableAfter} before it failed starts a fresh
 * count. A kill through the agent and an exit with code 0 are never followed by a relaunch.
 */
public record RestartPolicy(Mode mode, int maxRestarts, Duration backoff, Duration maxBackoff, Duration stableAfter) {
  /** When to relaunch. */
  public enum Mode {
    NEVER("never"),
    ON_FAILURE("on-failure");

    private final String configName;

    Mode(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  /** Never relaunch. */
  public static final RestartPolicy NEVER =
      new RestartPolicy(Mode.NEVER, 0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

  public RestartPolicy {
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("max-restarts must not be negative, was " + maxRestarts);
    }
    if (!positive(backoff) || !positive(maxBackoff) || !positive(stableAfter)) {
      throw new IllegalArgumentException("backoff, max-backoff and stable-after must be positive");
    }
    if (maxBackoff.compareTo(backoff) < 0) {
      throw new IllegalArgumentException("max-backoff (" + maxBackoff + ") is shorter than backoff (" + backoff + ")");
    }
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  /**
   * How many relaunches have happened in a row once a component with {@code restartsBefore} of them
   * ran for {@code ranFor}: a component that ran long enough counts as freshly started.
   */
  public int restartsSoFar(int restartsBefore, Duration ranFor) {
    return ranFor.compareTo(stableAfter) >= 0 ? 0 : restartsBefore;
  }

  /** Whether an exit with {@code exitCode} after {@code restartsSoFar} relaunches in a row is relaunched. */
  public boolean relaunches(int exitCode, int restartsSoFar) {
    return mode == Mode.ON_FAILURE && exitCode != 0 && restartsSoFar < maxRestarts;
  }

  /** The wait before relaunch number {@code attempt} (1 for the first): doubling, capped. */
  public Duration delayBefore(int attempt) {
    Duration delay = backoff;
    for (int i = 1; i < attempt && delay.compareTo(maxBackoff) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
  }
}
