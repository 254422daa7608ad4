package io.agentfleet.agent.host;

import com.typesafe.config.Config;
import io.agentfleet.agent.kinds.ComponentKinds;
import io.agentfleet.location.model.Prefix;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An agent's settings, read once from {@code agent}.
 *
 * @param registryUrl the registry HTTP API the agent serves on its host; spawned components register there
 * @param reservationMargin how much longer than a kind's registration timeout a name stays reserved,
 *     so the reservation outlives the agent's own deadline
 * @param maxConcurrentStarts how many components may be starting at once; more spawns wait their turn
 * @param unregisterRetryWithin how long the agent keeps asking the registry to remove a stopped
 *     component's registration while the registry cannot answer
 * @param unregisterBackoff the wait before the first of those retries; doubled before each further one
 * @param maxQueueWait how long a spawn may wait for a start slot before it is answered
 *     {@code QueueWaitExceeded} and dropped
 */
public record AgentSettings(
    Prefix prefix,
    String hostname,
    URI registryUrl,
    ComponentKinds kinds,
    Path logDirectory,
    long maxLogBytes,
    int maxLogFiles,
    Duration reservationMargin,
    int maxConcurrentStarts,
    Duration unregisterRetryWithin,
    Duration unregisterBackoff,
    Duration maxQueueWait) {

  public static AgentSettings fromConfig(Config root, ComponentKinds kinds, Prefix prefix, String hostname, URI registryUrl) {
    Config c = root.getConfig("agent");
    return new AgentSettings(
        prefix,
        hostname,
        registryUrl,
        kinds,
        Path.of(c.getString("logs.directory")),
        c.getBytes("logs.max-file-size"),
        c.getInt("logs.max-files"),
        c.getDuration("reservation-margin"),
        c.getInt("max-concurrent-starts"),
        c.getDuration("unregister.retry-within"),
        c.getDuration("unregister.backoff"),
        c.getDuration("max-queue-wait"));
  }
}
