package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ResendingAskTest {
  /** A fake attempt: each call lets its wait pass on the fake clock and gives the next scripted outcome. */
  private static final class Script implements Function<Duration, CompletionStage<String>> {
    final AtomicLong clock = new AtomicLong();
    final List<Duration> waits = new ArrayList<>();
    final List<Object> outcomes;

    Script(Object... outcomes) {
      this.outcomes = new ArrayList<>(List.of(outcomes));
    }

    @Override
    public CompletionStage<String> apply(Duration wait) {
      waits.add(wait);
      Object next = outcomes.isEmpty() ? new TimeoutException("silent") : outcomes.remove(0);
      if (next instanceof Throwable failure) {
        if (failure instanceof TimeoutException) {
          clock.addAndGet(wait.toNanos());
        }
        return CompletableFuture.failedFuture(failure);
      }
      return CompletableFuture.completedFuture((String) next);
    }
  }

  private static String join(CompletionStage<String> stage) throws Exception {
    return stage.toCompletableFuture().get();
  }

  @Test
  void aLostCommandIsSentAgainAfterTheResendInterval() throws Exception {
    Script script = new Script(new TimeoutException("lost"), "answer");
    assertEquals("answer", join(ResendingAsk.ask(script, Duration.ofSeconds(2), Duration.ofSeconds(10), script.clock::get)));
    assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2)), script.waits);
  }

  @Test
  void theAttemptsTogetherTakeNoLongerThanTheTimeout() {
    Script script = new Script();
    ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> join(ResendingAsk.ask(script, Duration.ofSeconds(4), Duration.ofSeconds(10), script.clock::get)));
    assertInstanceOf(TimeoutException.class, failed.getCause());
    assertEquals(List.of(Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(2)), script.waits);
    assertEquals(Duration.ofSeconds(10).toNanos(), script.clock.get());
  }

  @Test
  void aFailureOtherThanSilenceIsNotRetried() {
    Script script = new Script(new IllegalStateException("refused"), "never asked");
    ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> join(ResendingAsk.ask(script, Duration.ofSeconds(2), Duration.ofSeconds(10), script.clock::get)));
    assertInstanceOf(IllegalStateException.class, failed.getCause());
    assertEquals(1, script.waits.size());
    assertTrue(script.outcomes.contains("never asked"));
  }
}
