package io.agentfleet.location.registry;

import akka.cluster.ddata.Key;
import io.agentfleet.location.api.LocationJson;
import io.agentfleet.location.model.Location;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * This node's registered locations by replica bucket, as {@link LocationEvents} last saw them (at
 * most Distributed Data's notify interval, 50 ms by default, behind the local replica). Written only
 * by LocationEvents, one immutable map per bucket, so listings read it without asking any actor.
 */
public final class ReplicaView {
  private static final Comparator<Location> BY_NAME = Comparator.comparing(location -> location.connection().name());

  /** One bucket's registered locations by name, and each one's JSON as the HTTP API writes it. */
  private record Bucket(Map<String, Location> locations, Map<String, byte[]> json) {}

  private static final Bucket EMPTY = new Bucket(Map.of(), Map.of());

  private final Map<Key<?>, Bucket> buckets = new ConcurrentHashMap<>();
  // Every location sorted by connection name, made again on the first read after a change: listings
  // are read far more often than the registry changes, and each used to walk and sort all buckets.
  // Tagged with the change count it was made at (read before making it), so a list made while a
  // change landed is never taken for current.
  private record Sorted(long changes, List<Location> locations) {}

  private final AtomicLong changes = new AtomicLong();
  private final AtomicReference<Sorted> sorted = new AtomicReference<>(new Sorted(-1, List.of()));

  /**
   * The bucket's registered locations now. Each one's JSON is written here, once per change of it,
   * rather than once per request that finds it: a location is read far more often than it changes.
   */
  void put(Key<?> bucket, Map<String, Location> registered) {
    Bucket before = buckets.getOrDefault(bucket, EMPTY);
    Map<String, byte[]> json = new HashMap<>();
    registered.forEach((name, location) -> {
      byte[] kept = before.json().get(name);
      json.put(name, kept != null && location.equals(before.locations().get(name)) ? kept : LocationJson.bytes(location));
    });
    Map<String, Location> copy = Map.copyOf(registered);
    buckets.put(bucket, new Bucket(copy, Map.copyOf(json)));
    if (!copy.equals(before.locations())) {
      changes.incrementAndGet();
    }
  }

  Map<String, Location> bucket(Key<?> bucket) {
    return buckets.getOrDefault(bucket, EMPTY).locations();
  }

  /** The JSON of the location registered as {@code name} in {@code bucket}, if any. */
  Optional<byte[]> json(Key<?> bucket, String name) {
    return Optional.ofNullable(buckets.getOrDefault(bucket, EMPTY).json().get(name));
  }

  /** Every registered location. */
  public Stream<Location> locations() {
    return buckets.values().stream().flatMap(bucket -> bucket.locations().values().stream());
  }

  /** Every registered location, sorted by connection name. */
  public List<Location> sortedByName() {
    long now = changes.get();
    Sorted kept = sorted.get();
    if (kept.changes() == now) {
      return kept.locations();
    }
    List<Location> made = locations().sorted(BY_NAME).toList();
    sorted.set(new Sorted(now, made));
    return made;
  }
}
