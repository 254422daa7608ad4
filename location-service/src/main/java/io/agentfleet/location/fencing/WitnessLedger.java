package io.agentfleet.location.fencing;

import java.util.HashMap;
import java.util.Map;

/**
 * What one witness vouched for, on its own monotonic clock: when it last vouched for each agent. A
 * component lives at most {@code life} (lease, watchdog's poll and halt) past the evidence its agent
 * stamped a renewal with, and that evidence is never later than this witness's answer. So once the
 * witness will never vouch for an agent again (it was downed or removed), every lease resting on its
 * word has run out {@code life} after its last answer. A witness that started less than {@code life}
 * ago cannot speak for what its earlier incarnation vouched for, so it waits that long first. Not
 * thread-safe; the witness actor owns it.
 */
final class WitnessLedger {
  private final long lifeNanos;
  private final long startedNanos;
  private final Map<String, Long> lastVouched = new HashMap<>();

  WitnessLedger(long lifeNanos, long startedNanos) {
    this.lifeNanos = lifeNanos;
    this.startedNanos = startedNanos;
  }

  void vouched(String agent, long now) {
    lastVouched.put(agent, now);
    if (lastVouched.size() > 64) {
      // Entries whose leases ran out say nothing an absent entry does not.
      lastVouched.values().removeIf(at -> now - at > lifeNanos);
    }
  }

  /** Nanoseconds until every lease this witness vouched for {@code agent} has run out (0: all have). */
  long expiresIn(String agent, long now) {
    long last = Math.max(startedNanos, lastVouched.getOrDefault(agent, startedNanos));
    return Math.max(0, last + lifeNanos - now);
  }
}
