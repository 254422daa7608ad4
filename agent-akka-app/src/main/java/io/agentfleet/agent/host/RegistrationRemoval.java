package io.agentfleet.agent.host;

import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.api.RegistrationResult.NotFound;
import io.agentfleet.location.api.RegistrationResult.StaleEpoch;
import io.agentfleet.location.api.RegistrationResult.UnregisterResult;
import io.agentfleet.location.api.RegistrationResult.Unregistered;
import io.agentfleet.location.model.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Removes one run's registration (or reservation) from the registry, fenced by the run's epoch, and
 * asks again with a doubling backoff while the registry cannot answer, for at most {@code retryWithin}.
 */
final class RegistrationRemoval {
  /** What became of the registration. */
  sealed interface Outcome permits Removed, Remains {}

  /** The run's registration is gone (or a newer registration of the name replaced it: not ours to remove). */
  record Removed() implements Outcome {}

  /** The registration may still be there; {@code why} is what the registry last answered. */
  record Remains(String why) implements Outcome {}

  private final LocationService locations;
  private final Connection connection;
  private final long epoch;
  private final long deadlineNanos;

  private RegistrationRemoval(LocationService locations, Connection connection, long epoch, Duration retryWithin) {
    this.locations = locations;
    this.connection = connection;
    this.epoch = epoch;
    this.deadlineNanos = System.nanoTime() + retryWithin.toNanos();
  }

  /** Never completes exceptionally: a failure of the registry call is a {@link Remains}. */
  static CompletionStage<Outcome> remove(LocationService locations, Connection connection, long epoch, Duration retryWithin, Duration backoff) {
    return new RegistrationRemoval(locations, connection, epoch, retryWithin).attempt(backoff);
  }

  /**
   * Whether an answer means the run's registration is gone. StaleEpoch: the name has a newer epoch
   * (e.g. a failover elsewhere took it), so the registration of this run no longer exists.
   */
  static boolean isGone(UnregisterResult result) {
    return result instanceof Unregistered || result instanceof NotFound || result instanceof StaleEpoch;
  }

  private CompletionStage<Outcome> attempt(Duration backoff) {
    return ask().thenCompose(outcome -> {
      if (outcome instanceof Removed || System.nanoTime() + backoff.toNanos() > deadlineNanos) {
        return CompletableFuture.completedFuture(outcome);
      }
      return CompletableFuture.supplyAsync(() -> backoff, CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS))
          .thenCompose(waited -> attempt(waited.multipliedBy(2)));
    });
  }

  private CompletionStage<Outcome> ask() {
    CompletionStage<UnregisterResult> answer;
    try {
      answer = locations.unregister(connection, epoch);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.handle((result, failure) -> {
      if (failure != null) {
        return new Remains("the registry call failed: " + failure);
      }
      return isGone(result) ? new Removed() : new Remains(String.valueOf(result));
    });
  }
}
