package io.agentfleet.agentservice.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentfleet.location.api.TrackingEvent.LocationRemoved;
import io.agentfleet.location.model.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RegistryChangeMemoTest {
  private static final LocationRemoved A_CHANGE = new LocationRemoved(Connection.parse("ESW.c1-SequenceComponent-akka"));

  @Test
  void computedOnceUntilTheRegistryChanges() {
    AtomicInteger computations = new AtomicInteger();
    RegistryChangeMemo<Integer> memo = new RegistryChangeMemo<>(() -> CompletableFuture.completedFuture(computations.incrementAndGet()));
    assertEquals(1, memo.get().toCompletableFuture().join());
    assertEquals(1, memo.get().toCompletableFuture().join());
    memo.accept(A_CHANGE);
    assertEquals(2, memo.get().toCompletableFuture().join());
    assertEquals(2, computations.get());
  }

  @Test
  void aResultComputedAcrossAChangeIsNotReused() {
    List<CompletableFuture<String>> computations = new ArrayList<>();
    RegistryChangeMemo<String> memo = new RegistryChangeMemo<>(() -> {
      CompletableFuture<String> computation = new CompletableFuture<>();
      computations.add(computation);
      return computation;
    });
    CompletableFuture<String> early = memo.get().toCompletableFuture();
    memo.accept(A_CHANGE);
    computations.get(0).complete("before the change");
    assertEquals("before the change", early.join());

    memo.get();
    assertEquals(2, computations.size(), "computed again: the first result may predate the change");
  }

  @Test
  void aFailedComputationIsNotKept() {
    AtomicInteger computations = new AtomicInteger();
    RegistryChangeMemo<Integer> memo = new RegistryChangeMemo<>(() -> computations.incrementAndGet() == 1
        ? CompletableFuture.failedFuture(new IllegalStateException("registry unavailable"))
        : CompletableFuture.completedFuture(7));
    Executable first = () -> memo.get().toCompletableFuture().join();
    org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, first);
    assertEquals(7, memo.get().toCompletableFuture().join());
  }
}
