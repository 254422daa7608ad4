package io.agentfleet.location.registry;

import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.LWWMapKey;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The replicated read view is split into a fixed number of maps by a hash of the connection name,
 * so an entity's recovery read and each write's gossip carry one small map, not the whole registry.
 * The count is part of the wire format: every node of a cluster must use the same.
 */
public final class ReplicaKeys {
  public static final int BUCKETS = 256;

  /** Every bucket's key starts with this; {@code KEY_PREFIX + "*"} matches all of them and nothing else. */
  public static final String KEY_PREFIX = "locations-";

  private static final List<Key<LWWMap<String, RegistryRecord>>> KEYS =
      IntStream.range(0, BUCKETS)
          .mapToObj(i -> LWWMapKey.<String, RegistryRecord>create(KEY_PREFIX + i))
          .toList();

  private ReplicaKeys() {}

  public static Key<LWWMap<String, RegistryRecord>> forName(String connectionName) {
    return KEYS.get(Math.floorMod(connectionName.hashCode(), BUCKETS));
  }

  public static List<Key<LWWMap<String, RegistryRecord>>> all() {
    return KEYS;
  }

  /** The record of {@code name} in {@code bucket}, if it has one. */
  public static java.util.Optional<RegistryRecord> entry(LWWMap<String, RegistryRecord> bucket, String name) {
    scala.Option<RegistryRecord> value = bucket.get(name);
    return value.isDefined() ? java.util.Optional.of(value.get()) : java.util.Optional.empty();
  }

  /** An empty map, the initial value of every key. */
  public static LWWMap<String, RegistryRecord> empty() {
    return LWWMap.create();
  }
}
