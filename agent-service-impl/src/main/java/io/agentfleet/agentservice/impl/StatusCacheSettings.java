package io.agentfleet.agentservice.impl;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * Settings of the agent-status cache, read once from {@code agent-service.status-cache}.
 *
 * @param maxAge longest time an agent's answer is reused
 */
public record StatusCacheSettings(Duration maxAge) {
  /** Config path of this section. */
  public static final String CONFIG_PATH = "agent-service.status-cache";

  public StatusCacheSettings {
    if (maxAge == null || maxAge.isNegative()) {
      throw new IllegalArgumentException("max-age must be zero or a positive duration, got: " + maxAge);
    }
  }

  /**
   * Reads {@code agent-service.status-cache} from the full config (e.g. {@code system.settings().config()}).
   *
   * @throws ConfigException when a key is missing or has a value that cannot work
   */
  public static StatusCacheSettings fromConfig(Config root) {
    Config c = root.getConfig(CONFIG_PATH);
    try {
      return new StatusCacheSettings(c.getDuration("max-age"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(c.origin(), CONFIG_PATH + ".max-age", e.getMessage(), e);
    }
  }
}
