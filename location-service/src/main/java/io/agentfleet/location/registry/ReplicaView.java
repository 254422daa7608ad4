package io.agentfleet.location.registry;

import akka.cluster.ddata.Key;
import io.agentfleet.location.model.Location;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

  private final Map<Key<?>, Map<String, Location>> buckets = new ConcurrentHashMap<>();
  // Every location sorted by connection name, made again on the first read after a change: listings
  // are read far more often than the registry changes, and each used to walk and sort all buckets.
  // Tagged with the change count it was made at (read before making it), so a list made while a
  // change landed is never taken for current.
  private record Sorted(long changes, List<Location> locations) {}

  private final AtomicLong changes = new AtomicLong();
  private final AtomicReference<Sorted> sorted = new AtomicReference<>(new Sorted(-1, List.of()));

  void put(Key<?> bucket, Map<String, Location> registered) {
    Map<String, Location> copy = Map.copyOf(registered);
    if (!copy.equals(buckets.put(bucket, copy))) {
      changes.incrementAndGet();
    }
  }

  Map<String, Location> bucket(Key<?> bucket) {
    return buckets.getOrDefault(bucket, Map.of());
  }

  /** Every registered location. */
  public Stream<Location> locations() {
    return buckets.values().stream().flatMap(bucket -> bucket.values().stream());
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
