package io.agentfleet.watchdog;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The watchdog's rule, without clocks or files: a lease is renewed whenever its file's content
 * changes, and lapses when it has not changed for the lease's length. Time is the watchdog's own
 * monotonic clock, so neither wall-clock jumps nor a clock shared with the agent matter. Not
 * thread-safe; the watchdog's one thread owns it.
 */
public final class LeaseCheck {
  /** What one look at the lease found. */
  public enum Outcome {
    RENEWED,
    VALID,
    LAPSED
  }

  private final long leaseNanos;
  private byte[] lastContent;
  private long lastChangeNanos;

  /** A lease of {@code leaseMillis}, counted from {@code startNanos} (the component's start). */
  public LeaseCheck(long leaseMillis, long startNanos) {
    if (leaseMillis <= 0) {
      throw new IllegalArgumentException("the lease must be positive, was " + leaseMillis + " ms");
    }
    this.leaseNanos = TimeUnit.MILLISECONDS.toNanos(leaseMillis);
    this.lastChangeNanos = startNanos;
  }

  /** The lease file read {@code content} (empty when missing) at {@code nowNanos}. */
  public Outcome observe(byte[] content, long nowNanos) {
    if (content.length > 0 && !Arrays.equals(content, lastContent)) {
      lastContent = content;
      lastChangeNanos = nowNanos;
      return Outcome.RENEWED;
    }
    return nowNanos - lastChangeNanos > leaseNanos ? Outcome.LAPSED : Outcome.VALID;
  }

  /** Milliseconds since the last renewal (or the start), at {@code nowNanos}. */
  public long silentForMillis(long nowNanos) {
    return TimeUnit.NANOSECONDS.toMillis(nowNanos - lastChangeNanos);
  }
}
