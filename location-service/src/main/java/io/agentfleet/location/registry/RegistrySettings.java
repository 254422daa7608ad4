package io.agentfleet.location.registry;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Registry timings, read once from {@code location-service.registry}.
 *
 * @param role the cluster role of members that host the registry's shards and replicas
 * @param readMajorityTimeout how long an entity waits for a majority when it recovers its state
 * @param writeMajorityTimeout how long an entity waits for a majority to acknowledge a change
 * @param askTimeout callers' timeout; longer than a recovery plus a write
 * @param resendAfter how long a caller waits for the answer to a reserve before it sends it again
 * @param stashCapacity commands an entity buffers while it recovers or writes
 * @param retryBackoffMin wait before the first retry of a failed majority read or write
 * @param retryBackoffMax longest wait between retries (the wait doubles up to it)
 * @param fenceWait how long after a member is known to be gone its names stay held (the fence)
 * @param orphanScanInterval how often the sweeper looks for owners that are not members of this cluster
 */
public record RegistrySettings(
    String role,
    Duration readMajorityTimeout,
    Duration writeMajorityTimeout,
    Duration askTimeout,
    Duration resendAfter,
    int stashCapacity,
    Duration retryBackoffMin,
    Duration retryBackoffMax,
    Duration fenceWait,
    Duration orphanScanInterval) {

  public RegistrySettings {
    Duration floor = readMajorityTimeout.plus(writeMajorityTimeout);
    if (askTimeout.compareTo(floor) <= 0) {
      throw new IllegalArgumentException(
          "location-service.registry.ask-timeout ("
              + askTimeout
              + ") must be longer than read-majority-timeout + write-majority-timeout ("
              + floor
              + ")");
    }
    if (resendAfter.isNegative() || resendAfter.isZero() || resendAfter.compareTo(askTimeout) > 0) {
      throw new IllegalArgumentException(
          "location-service.registry.resend-after (" + resendAfter + ") must be positive and at most ask-timeout (" + askTimeout + ")");
    }
    if (retryBackoffMin.isNegative() || retryBackoffMin.isZero() || retryBackoffMax.compareTo(retryBackoffMin) < 0) {
      throw new IllegalArgumentException(
          "location-service.registry.retry-backoff-min ("
              + retryBackoffMin
              + ") must be positive and at most retry-backoff-max ("
              + retryBackoffMax
              + ")");
    }
  }

  /** The wait before retrying after {@code failures} failed attempts in a row (at least one). */
  public Duration retryBackoff(int failures) {
    Duration wait = retryBackoffMin;
    for (int i = 1; i < failures && wait.compareTo(retryBackoffMax) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(retryBackoffMax) > 0 ? retryBackoffMax : wait;
  }

  public static RegistrySettings fromConfig(Config root) {
    Config c = root.getConfig("location-service.registry");
    return new RegistrySettings(
        c.getString("role"),
        c.getDuration("read-majority-timeout"),
        c.getDuration("write-majority-timeout"),
        c.getDuration("ask-timeout"),
        c.getDuration("resend-after"),
        c.getInt("stash-capacity"),
        c.getDuration("retry-backoff-min"),
        c.getDuration("retry-backoff-max"),
        root.getDuration("location-service.fencing.fence-wait"),
        c.getDuration("orphan-scan-interval"));
  }
}
