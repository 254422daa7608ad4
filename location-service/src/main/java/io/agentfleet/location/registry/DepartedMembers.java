package io.agentfleet.location.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The members this node knows to be gone (downed, removed, or missing from its view), by unique
 * address (address and incarnation uid), and which of them are fenced. A lost member's components may
 * still run until their leases lapse (it may be merely cut off), so what it owned is freed, and
 * hidden from listings, only once a majority of the registry members' witnesses confirmed that every
 * lease they vouched for it has run out ({@link LeaseExpiryCheck}), and {@code fence-wait} (an extra
 * margin, none by default) after this node knew it was gone (see docs/architecture.md, "Fencing").
 * A departed incarnation never comes back, so entries never go. Thread-safe: the sweeper writes,
 * entities and the tracking feed read.
 */
public final class DepartedMembers {
  /** How often an entity looks again at an owner whose leases are not yet confirmed to have run out. */
  static final Duration UNCONFIRMED_POLL = Duration.ofMillis(250);

  private final Map<String, Long> knownSince = new ConcurrentHashMap<>();
  private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
  private final long fenceNanos;
  private final LongSupplier nanoClock;
  private volatile Consumer<String> onDeparture = address -> {};

  public DepartedMembers(Duration fenceWait) {
    this(fenceWait, System::nanoTime);
  }

  DepartedMembers(Duration fenceWait, LongSupplier nanoClock) {
    this.fenceNanos = fenceWait.toNanos();
    this.nanoClock = nanoClock;
  }

  /**
   * Who finds out when a newly known departure's leases have run out (the sweeper). Departures noted
   * before it was set (an entity may find its owner gone before the sweeper has started) are handed
   * to it at once; it may hear of one twice.
   */
  void onDeparture(Consumer<String> listener) {
    this.onDeparture = listener;
    knownSince.keySet().stream().filter(address -> !confirmed.contains(address)).forEach(listener);
  }

  /** This node learns that a member is gone; the first time it learns counts. */
  void add(String uniqueAddress) {
    if (knownSince.putIfAbsent(uniqueAddress, nanoClock.getAsLong()) == null) {
      onDeparture.accept(uniqueAddress);
    }
  }

  /** A majority of the registry members' witnesses confirmed that every lease of the member has run out. */
  void confirm(String uniqueAddress) {
    add(uniqueAddress);
    confirmed.add(uniqueAddress);
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
   * How long until what the member owned may be freed: {@link #UNCONFIRMED_POLL} while its leases are
   * not confirmed to have run out (look again then). A member this node did not know to be gone is
   * noted as gone now: call it only for a member that is not in the cluster's view.
   */
  public Duration fenceLeft(String uniqueAddress) {
    add(uniqueAddress);
    if (!confirmed.contains(uniqueAddress)) {
      return UNCONFIRMED_POLL;
    }
    long left = fenceNanos - (nanoClock.getAsLong() - knownSince.get(uniqueAddress));
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }
}
