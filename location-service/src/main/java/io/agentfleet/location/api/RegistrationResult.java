package io.agentfleet.location.api;

import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import java.time.Instant;
import java.util.Optional;

/** Outcomes of registry commands. Failures are values, never exceptions. */
public final class RegistrationResult {
  private RegistrationResult() {}

  /** Outcome of {@link LocationService#register}. */
  public sealed interface RegisterResult extends JsonSerializable
      permits Registered, AlreadyRegistered, AlreadyReserved, StaleEpoch, RegistryUnavailable {}

  /** Outcome of {@link LocationService#reserve}. */
  public sealed interface ReserveResult extends JsonSerializable
      permits Reserved, AlreadyRegistered, AlreadyReserved, RegistryUnavailable {}

  /** Outcome of {@link LocationService#unregister}. */
  public sealed interface UnregisterResult extends JsonSerializable
      permits Unregistered, NotFound, StaleEpoch, RegistryUnavailable {}

  /** Outcome of {@link LocationService#refreshLease}. */
  public sealed interface LeaseResult extends JsonSerializable
      permits LeaseRefreshed, NotFound, StaleEpoch, RegistryUnavailable {}

  /** The location is registered (its metadata carries the epoch). */
  public record Registered(Location location) implements RegisterResult {}

  /** The name is reserved until {@code deadline}; the spawned component registers with {@code epoch}. */
  public record Reserved(Connection connection, long epoch, Instant deadline) implements ReserveResult {}

  /** The name is taken by {@code existing}. */
  public record AlreadyRegistered(Location existing) implements RegisterResult, ReserveResult {}

  /** The name is reserved by {@code owner} (a cluster member) with {@code epoch}. */
  public record AlreadyReserved(Connection connection, long epoch, String owner)
      implements RegisterResult, ReserveResult {}

  /** The presented epoch is not the current one: the reservation lapsed or was superseded. */
  public record StaleEpoch(Connection connection, long presented, Optional<Long> current)
      implements RegisterResult, UnregisterResult, LeaseResult {}

  /** The name was removed. */
  public record Unregistered(Connection connection) implements UnregisterResult {}

  /** Nothing is registered or reserved under the name. */
  public record NotFound(Connection connection) implements UnregisterResult, LeaseResult {}

  /** The lease was renewed; {@code lease} is empty when the registration has none. */
  public record LeaseRefreshed(Connection connection, Optional<java.time.Duration> lease) implements LeaseResult {}

  /**
   * No majority of registry nodes answered in time; the change may or may not have taken effect.
   * {@code retryAfter} is how long to wait before asking again.
   */
  public record RegistryUnavailable(String message, java.time.Duration retryAfter)
      implements RegisterResult, ReserveResult, UnregisterResult, LeaseResult {
    /** The hint when the one who answers knows no better (e.g. a caller's own timeout). */
    public static final java.time.Duration DEFAULT_RETRY_AFTER = java.time.Duration.ofSeconds(1);

    public RegistryUnavailable {
      // A message from a member that predates the hint carries none.
      retryAfter = retryAfter == null ? DEFAULT_RETRY_AFTER : retryAfter;
    }

    public RegistryUnavailable(String message) {
      this(message, DEFAULT_RETRY_AFTER);
    }
  }
}
