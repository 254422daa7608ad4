package io.agentfleet.agent.client;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How long an {@link AgentClient} waits for an agent. Each must exceed the agent's own deadline for
 * that work, so a slow success is not reported as a failure: a spawn waits for the kind's
 * registration timeout (default 30 s) plus launch; a kill for the kind's kill grace (default 10 s).
 * A spawn is awaited {@code maxQueueWait} longer: it may wait that long for an agent's start slot, and
 * waiting is not failing.
 */
public record AgentClientSettings(Duration spawnTimeout, Duration killTimeout, Duration statusTimeout, Duration maxQueueWait) {
  public static AgentClientSettings fromConfig(Config root) {
    Config c = root.getConfig("agent-client");
    return new AgentClientSettings(
        c.getDuration("spawn-timeout"), c.getDuration("kill-timeout"), c.getDuration("status-timeout"), c.getDuration("max-queue-wait"));
  }
}
