package io.agentfleet.location.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: tests wait for facts, never for time. */
public final class Eventually {
  private static final Duration POLL = Duration.ofMillis(50);

  private Eventually() {}

  /** Waits until {@code condition} holds; fails with {@code what} when {@code within} passes. */
  public static void await(String what, Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  /** Waits until {@code value} yields a result accepted by {@code accept}, and returns it. */
  public static <T> T awaitValue(String what, Duration within, Supplier<T> value, java.util.function.Predicate<T> accept) {
    long deadline = System.nanoTime() + within.toNanos();
    T last = null;
    while (true) {
      try {
        last = value.get();
        if (accept.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        // not yet: the thing polled may not be reachable yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within.toMillis() + " ms: " + what + " (last: " + last + ")");
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }
}
