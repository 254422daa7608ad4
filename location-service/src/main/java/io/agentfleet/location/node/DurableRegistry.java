package io.agentfleet.location.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.agentfleet.location.registry.ReplicaKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The durable option of the registry's replica, read from {@code location-service.registry.durable}:
 * Akka Distributed Data's LMDB storage for the registry's buckets only (not the sharding coordinator's
 * state), in a directory of this member's own.
 *
 * @param enabled whether the replica is kept on disk
 * @param directory parent of the members' own directories
 * @param mapSizeBytes size of the memory-mapped LMDB file
 */
public record DurableRegistry(boolean enabled, Path directory, long mapSizeBytes) {
  public static final String ROOT = "location-service.registry.durable";

  public static DurableRegistry fromConfig(Config config) {
    Config c = config.getConfig(ROOT);
    return new DurableRegistry(c.getBoolean("enabled"), Path.of(c.getString("directory")), c.getBytes("map-size"));
  }

  /** This member's own directory; the name includes host and port, so members on one host never share one. */
  public Path memberDirectory(String hostname, int clusterPort) {
    return directory.resolve("registry-" + hostname + "-" + clusterPort).toAbsolutePath();
  }

  /**
   * The Akka settings for a member at {@code hostname:clusterPort}; empty when off.
   *
   * @throws IllegalArgumentException when on with cluster port 0: a port picked at start names a new
   *     directory each time, and the stored replica would never be read again
   */
  public Config akkaSettings(String hostname, int clusterPort) {
    if (!enabled) {
      return ConfigFactory.empty();
    }
    if (clusterPort == 0) {
      throw new IllegalArgumentException(
          ROOT + ".enabled = on needs a fixed cluster port (the member's directory is named after it), not 0");
    }
    String lmdb = "akka.cluster.distributed-data.durable.lmdb.";
    return ConfigFactory.parseMap(
        Map.of(
            "akka.cluster.distributed-data.durable.keys", ConfigValueFactory.fromIterable(List.of(ReplicaKeys.KEY_PREFIX + "*")),
            // A path that does not end in "ddata" is used as it is.
            lmdb + "dir", memberDirectory(hostname, clusterPort).toString(),
            lmdb + "map-size", mapSizeBytes,
            // Each change on disk before the entity acknowledges it: a name acknowledged as taken, or
            // an epoch handed out, must survive the restart of every member.
            lmdb + "write-behind-interval", "off"));
  }
}
