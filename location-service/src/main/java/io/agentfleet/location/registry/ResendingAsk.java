package io.agentfleet.location.registry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Asks again, with the same command, when an answer is late. Sharding delivers at most once: a command
 * sent to a shard whose node has just died goes to that node's region and is lost (until the member is
 * removed, regions still route there). A caller that only waited out its whole timeout would then lose
 * that timeout on every failover whose name lived on the lost node. Only for commands the entity
 * answers the same however often they arrive (a reserve carries its request id, see
 * {@link RegistryEntity.Reserve}).
 */
final class ResendingAsk {
  private ResendingAsk() {}

  /**
   * @param attempt sends the command once and waits at most the given time for its answer
   * @param every how long one attempt waits before the command is sent again
   * @param within how long all attempts together may take
   */
  static <T> CompletionStage<T> ask(Function<Duration, CompletionStage<T>> attempt, Duration every, Duration within) {
    return ask(attempt, every, within, System::nanoTime);
  }

  static <T> CompletionStage<T> ask(
      Function<Duration, CompletionStage<T>> attempt, Duration every, Duration within, LongSupplier nanoClock) {
    return next(attempt, every, nanoClock.getAsLong() + within.toNanos(), nanoClock);
  }

  private static <T> CompletionStage<T> next(
      Function<Duration, CompletionStage<T>> attempt, Duration every, long deadline, LongSupplier nanoClock) {
    Duration left = Duration.ofNanos(Math.max(1, deadline - nanoClock.getAsLong()));
    Duration wait = left.compareTo(every) < 0 ? left : every;
    return attempt.apply(wait).handle((answer, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedFuture(answer);
      }
      if (isTimeout(failure) && deadline - nanoClock.getAsLong() > 0) {
        return next(attempt, every, deadline, nanoClock);
      }
      return CompletableFuture.<T>failedFuture(failure);
    }).thenCompose(Function.identity());
  }

  private static boolean isTimeout(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof TimeoutException;
  }
}
