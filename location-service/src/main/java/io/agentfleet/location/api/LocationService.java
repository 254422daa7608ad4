package io.agentfleet.location.api;

import io.agentfleet.location.api.RegistrationResult.LeaseResult;
import io.agentfleet.location.api.RegistrationResult.RegisterResult;
import io.agentfleet.location.api.RegistrationResult.ReserveResult;
import io.agentfleet.location.api.RegistrationResult.UnregisterResult;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The location registry, usable from Java without Akka knowledge. Every change is serialised by the
 * name's authority; reads come from a local replica, so a read may lag a change made elsewhere by
 * the replication delay. Failures are result values; a stage completes exceptionally only on a bug.
 */
public interface LocationService {
  /** Registers a location; with an epoch it completes that reservation. */
  CompletionStage<RegisterResult> register(Registration registration);

  /** Reserves a name for {@code hold}, returning the epoch the spawned component must present. */
  CompletionStage<ReserveResult> reserve(Connection connection, Duration hold);

  /**
   * Removes a registration or reservation. In the cluster this removes it whatever its epoch (for
   * members that own the name); over HTTP ({@code HttpLocationService}) it names the epoch this
   * client was answered when it registered or reserved the name, since the HTTP API removes nothing
   * without its epoch.
   */
  CompletionStage<UnregisterResult> unregister(Connection connection);

  /** Removes the registration or reservation only if it still has {@code epoch} (fenced). */
  CompletionStage<UnregisterResult> unregister(Connection connection, long epoch);

  /**
   * Renews the lease of a registration made with one. Over HTTP it names the epoch this client was
   * answered when it registered, and a registration that has another epoch answers {@code StaleEpoch}.
   */
  CompletionStage<LeaseResult> refreshLease(Connection connection);

  /** The location registered under {@code connection}, from the local replica. */
  CompletionStage<Optional<Location>> find(Connection connection);

  /**
   * Brings this service's reads of {@code connection} ({@link #find}, the listings, tracking) up to
   * every change of it that the registry acknowledged before the call (read-your-writes for a caller
   * that learned of a change from elsewhere, e.g. an agent's answer). Completes with {@code false} when
   * no majority of registry replicas answered in time; reads may then still lag.
   */
  CompletionStage<Boolean> catchUp(Connection connection);

  /** Like find, but waits up to {@code within} for the connection to appear. */
  CompletionStage<Optional<Location>> resolve(Connection connection, Duration within);

  CompletionStage<List<Location>> list();

  CompletionStage<List<Location>> list(ComponentType componentType);

  CompletionStage<List<Location>> list(ConnectionType connectionType);

  CompletionStage<List<Location>> listByHostname(String hostname);

  /** Locations whose prefix starts with {@code prefix} (e.g. {@code ESW.} or {@code ESW.primary}). */
  CompletionStage<List<Location>> listByPrefix(String prefix);

  /**
   * Calls {@code listener} with the current location of {@code connection} (if any) and then with
   * every change, in order, until the subscription is closed. The listener runs on an internal
   * thread, one event at a time, and must not block.
   */
  TrackingSubscription track(Connection connection, Consumer<TrackingEvent> listener);

  /** Like {@link #track} for every connection: the current registrations first, then all changes. */
  TrackingSubscription trackAll(Consumer<TrackingEvent> listener);
}
