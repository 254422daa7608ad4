package io.agentfleet.watchdog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The watchdog's rule, without clocks or files: a lease is renewed whenever its file's content
 * changes, and lapses when it has not been renewed for the lease's length. Time is the host's
 * monotonic clock ({@code System.nanoTime()}), so wall-clock jumps do not matter.
 *
 * <p>The agent writes {@code <tick> <nanos>}, where nanos is the monotonic time at which it found
 * itself on the cluster's majority side. A renewal counts from that time, not from when the watchdog
 * sees it, and one that is already a lease old when seen is no renewal: an agent frozen between its
 * look and its write (SIGSTOP, a long GC pause) would otherwise extend the lease with a verdict from
 * before the freeze. The agent is the component's parent on the same host, so both read one clock
 * (and the agent writes this watchdog's jar from its own class path, so both speak this format).
 * Content without a time is no renewal. Not thread-safe; the watchdog's one thread owns it.
 */
public final class LeaseCheck {
  /** What one look at the lease found. */
  public enum Outcome {
    RENEWED,
    VALID,
    LAPSED
  }

  private static final long NO_STAMP = Long.MIN_VALUE;

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

  /**
   * A lease of {@code leaseMillis} whose file read {@code content} at the component's start
   * ({@code startNanos}): counted from the time the agent stamped it with, when that is earlier. The
   * agent opens a lease on evidence it had before it started the component, and the registry frees
   * the name a lease after that evidence, not after the start.
   */
  public static LeaseCheck startingWith(long leaseMillis, byte[] content, long startNanos) {
    long stamp = content.length == 0 ? NO_STAMP : stampOf(content);
    LeaseCheck check = new LeaseCheck(leaseMillis, stamp == NO_STAMP ? startNanos : Math.min(startNanos, stamp));
    check.lastContent = content.length == 0 ? null : content;
    return check;
  }

  /** The lease file read {@code content} (empty when missing) at {@code nowNanos}. */
  public Outcome observe(byte[] content, long nowNanos) {
    if (content.length > 0 && !Arrays.equals(content, lastContent)) {
      lastContent = content;
      long stamp = stampOf(content);
      long renewedAt = Math.min(nowNanos, stamp);
      if (stamp != NO_STAMP && nowNanos - renewedAt <= leaseNanos && renewedAt - lastChangeNanos > 0) {
        lastChangeNanos = renewedAt;
        return Outcome.RENEWED;
      }
    }
    return nowNanos - lastChangeNanos > leaseNanos ? Outcome.LAPSED : Outcome.VALID;
  }

  /** The monotonic time written after the tick, or {@link #NO_STAMP} when there is none. */
  private static long stampOf(byte[] content) {
    String text = new String(content, StandardCharsets.US_ASCII).trim();
    int space = text.indexOf(' ');
    if (space < 0) {
      return NO_STAMP;
    }
    try {
      return Long.parseLong(text.substring(space + 1).trim());
    } catch (NumberFormatException e) {
      return NO_STAMP;
    }
  }

  /** Milliseconds since the last renewal (or the start), at {@code nowNanos}. */
  public long silentForMillis(long nowNanos) {
    return TimeUnit.NANOSECONDS.toMillis(nowNanos - lastChangeNanos);
  }
}
