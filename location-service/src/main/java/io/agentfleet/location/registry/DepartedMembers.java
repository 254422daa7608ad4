package io.agentfleet.location.registry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The members this node knows to be gone (downed, removed, or missing from its view), by unique
 * address (address and incarnation uid), each with when this node first knew it: the fence. A lost
 * member's components may still run until their leases lapse (they may be merely cut off), so what it
 * owned is freed, and hidden from listings, only {@code fence-wait} after this node knew it was gone
 * (see docs/architecture.md, "Fencing"). A departed incarnation never comes back, so entries never go.
 * Thread-safe: the sweeper writes, entities and the tracking feed read.
 */
public final class DepartedMembers {
  private final Map<String, Long> knownSince = new ConcurrentHashMap<>();
  private final long fenceNanos;
  private final LongSupplier nanoClock;

  public DepartedMembers(Duration fenceWait) {
    this(fenceWait, System::nanoTime);
  }

  DepartedMembers(Duration fenceWait, LongSupplier nanoClock) {
    this.fenceNanos = fenceWait.toNanos();
    this.nanoClock = nanoClock;
  }

  /** This node learns that a member is gone; the first time it learns counts. */
  void add(String uniqueAddress) {
    knownSince.putIfAbsent(uniqueAddress, nanoClock.getAsLong());
  }

  /** Whether this node knows the member is gone, whether or not its fence has passed. */
  public boolean known(String uniqueAddress) {
    return knownSince.containsKey(uniqueAddress);
  }

  /** Whether the member is gone and its fence has passed: what it owned is free. */
  public boolean fenced(String uniqueAddress) {
    return known(uniqueAddress) && fenceLeft(uniqueAddress).isZero();
  }

  /**
   * How long until what the member owned may be freed. A member this node did not know to be gone is
   * noted as gone now: call it only for a member that is not in the cluster's view.
   */
  public Duration fenceLeft(String uniqueAddress) {
    long now = nanoClock.getAsLong();
    long since = knownSince.computeIfAbsent(uniqueAddress, address -> now);
    long left = fenceNanos - (now - since);
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }
}
