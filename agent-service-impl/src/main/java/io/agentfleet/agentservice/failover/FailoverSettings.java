package io.agentfleet.agentservice.failover;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Timings of the failover decider ({@code agent-service.failover} in reference.conf).
 *
 * @param checkInterval how often it checks, besides on every membership change, whether a managed
 *     component's agent is gone
 * @param relaunchDeadline how long one (re)launch keeps asking while the name is held
 * @param retryInterval how soon a component that could not be started is tried again
 * @param storeTimeout how long a majority of replicas has to answer a read or write of the state
 */
public record FailoverSettings(Duration checkInterval, Duration relaunchDeadline, Duration retryInterval, Duration storeTimeout) {
  public static FailoverSettings fromConfig(Config config) {
    Config c = config.getConfig("agent-service.failover");
    return new FailoverSettings(
        c.getDuration("check-interval"), c.getDuration("relaunch-deadline"), c.getDuration("retry-interval"), c.getDuration("store-timeout"));
  }

  /** How long a caller of {@code manage} waits: one launch on every agent, then some. */
  public Duration answerTimeout(Duration spawnTimeout, int agents) {
    return relaunchDeadline.plus(spawnTimeout.multipliedBy(Math.max(1, agents))).plusSeconds(5);
  }
}
