package io.agentfleet.agentservice.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: how tests wait, instead of fixed sleeps. */
public final class Poll {

  private Poll() {}

  /**
   * Calls {@code attempt} every {@code interval} until it returns a value, at most for {@code within}.
   *
   * @throws AssertionError naming {@code what} when the deadline passes first
   */
  public static <T> T until(String what, Duration within, Duration interval, Supplier<Optional<T>> attempt) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<T> result = attempt.get();
      if (result.isPresent()) {
        return result.get();
      }
      if (System.nanoTime() >= deadline) {
        throw new AssertionError("Not within " + within.toSeconds() + " s: " + what);
      }
      // The pause between attempts; how long the test waits is decided by the condition and the deadline.
      LockSupport.parkNanos(interval.toNanos());
    }
  }
}
