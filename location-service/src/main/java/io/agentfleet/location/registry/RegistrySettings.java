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
 * @param stashCapacity commands an entity buffers while it recovers or writes
 */
public record RegistrySettings(
    String role,
    Duration readMajorityTimeout,
    Duration writeMajorityTimeout,
    Duration askTimeout,
    int stashCapacity) {

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
  }

  public static RegistrySettings fromConfig(Config root) {
    Config c = root.getConfig("location-service.registry");
    return new RegistrySettings(
        c.getString("role"),
        c.getDuration("read-majority-timeout"),
        c.getDuration("write-majority-timeout"),
        c.getDuration("ask-timeout"),
        c.getInt("stash-capacity"));
  }
}
