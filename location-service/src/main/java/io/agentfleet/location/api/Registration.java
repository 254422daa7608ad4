package io.agentfleet.location.api;

import io.agentfleet.location.model.Location;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to register a location.
 *
 * @param epoch the epoch of the reservation this registration completes; empty for a component
 *     started by hand (no reservation)
 * @param lease when present the registration lapses unless refreshed within this duration
 */
public record Registration(Location location, Optional<Long> epoch, Optional<Duration> lease) {
  public Registration {
    Objects.requireNonNull(location, "location");
    epoch = epoch == null ? Optional.empty() : epoch;
    lease = lease == null ? Optional.empty() : lease;
    lease.ifPresent(
        l -> {
          if (l.isNegative() || l.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + l);
          }
        });
  }

  /** A direct registration: no reservation, no lease. */
  public static Registration of(Location location) {
    return new Registration(location, Optional.empty(), Optional.empty());
  }

  /** A registration that completes the reservation with this epoch. */
  public static Registration withEpoch(Location location, long epoch) {
    return new Registration(location, Optional.of(epoch), Optional.empty());
  }

  public Registration withLease(Duration lease) {
    return new Registration(location, epoch, Optional.of(lease));
  }
}
