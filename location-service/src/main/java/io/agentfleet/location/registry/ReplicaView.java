package io.agentfleet.location.registry;

import akka.cluster.ddata.Key;
import io.agentfleet.location.model.Location;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * This node's registered locations by replica bucket, as {@link LocationEvents} last saw them (at
 * most Distributed Data's notify interval, 50 ms by default, behind the local replica). Written only
 * by LocationEvents, one immutable map per bucket, so listings read it without asking any actor.
 */
public final class ReplicaView {
  private final Map<Key<?>, Map<String, Location>> buckets = new ConcurrentHashMap<>();

  void put(Key<?> bucket, Map<String, Location> registered) {
    buckets.put(bucket, Map.copyOf(registered));
  }

  Map<String, Location> bucket(Key<?> bucket) {
    return buckets.getOrDefault(bucket, Map.of());
  }

  /** Every registered location. */
  public Stream<Location> locations() {
    return buckets.values().stream().flatMap(bucket -> bucket.values().stream());
  }
}
