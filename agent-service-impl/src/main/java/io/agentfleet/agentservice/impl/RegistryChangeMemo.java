package io.agentfleet.agentservice.impl;

import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.api.TrackingEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A value computed from the registry's listings, computed again only after the registry's tracking
 * feed has reported a change. The feed is published right after the node's listing view changes, so
 * the memo is at most one event delivery behind the listings it is computed from. Thread-safe.
 */
public final class RegistryChangeMemo<T> implements Consumer<TrackingEvent> {
  private record Memo<T>(long generation, T value) {}

  private final Supplier<CompletionStage<T>> compute;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<Memo<T>> memo = new AtomicReference<>();

  public RegistryChangeMemo(Supplier<CompletionStage<T>> compute) {
    this.compute = compute;
  }

  /** A memo of {@code compute} that {@code locations}' tracking feed invalidates. */
  public static <T> RegistryChangeMemo<T> following(LocationService locations, Supplier<CompletionStage<T>> compute) {
    RegistryChangeMemo<T> memo = new RegistryChangeMemo<>(compute);
    locations.trackAll(memo);
    return memo;
  }

  /** The registry changed: the next {@link #get} computes again. */
  @Override
  public void accept(TrackingEvent event) {
    generation.incrementAndGet();
  }

  /** Drops the kept value: for a caller that knows of a change before the feed reports it. */
  public void invalidate() {
    generation.incrementAndGet();
  }

  /** The value for the registry as it is now; a failed computation is not kept. */
  public CompletionStage<T> get() {
    // Read before computing: a change that lands during the computation leaves the result tagged
    // with the older generation, so it is not reused.
    long current = generation.get();
    Memo<T> kept = memo.get();
    if (kept != null && kept.generation() == current) {
      return CompletableFuture.completedFuture(kept.value());
    }
    return compute.get().thenApply(value -> {
      Memo<T> fresh = new Memo<>(current, value);
      memo.accumulateAndGet(fresh, (old, candidate) -> old != null && old.generation() > candidate.generation() ? old : candidate);
      return value;
    });
  }
}
