package io.agentfleet.agentservice.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentfleet.agent.client.AgentProtocol.AgentStatus;
import io.agentfleet.location.model.Prefix;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class AgentStatusCacheTest {
  private static final Prefix MACHINE1 = Prefix.parse("ESW.machine1");
  private static final Prefix MACHINE2 = Prefix.parse("ESW.machine2");
  private static final Duration MAX_AGE = Duration.ofSeconds(1);

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }

    void advance(Duration by) {
      now = now.plus(by);
    }
  }

  /** An agent whose answers the test completes; it records every ask. */
  private static final class FakeAgent {
    final List<CompletableFuture<AgentStatus>> asks = new ArrayList<>();

    CompletionStage<AgentStatus> ask() {
      CompletableFuture<AgentStatus> answer = new CompletableFuture<>();
      asks.add(answer);
      return answer;
    }

    void answer(int ask, AgentStatus status) {
      asks.get(ask).complete(status);
    }
  }

  private final ManualClock clock = new ManualClock();
  private final AgentStatusCache cache = new AgentStatusCache(MAX_AGE, clock);
  private final FakeAgent agent = new FakeAgent();

  private static AgentStatus status(Prefix agent, String hostname) {
    return new AgentStatus(agent, hostname, List.of());
  }

  private CompletableFuture<AgentStatus> request(Prefix prefix) {
    return cache.status(prefix, agent::ask).toCompletableFuture();
  }

  @Test
  void concurrentRequestsForOneAgentShareOneAsk() {
    CompletableFuture<AgentStatus> first = request(MACHINE1);
    CompletableFuture<AgentStatus> second = request(MACHINE1);
    assertEquals(1, agent.asks.size());
    assertFalse(first.isDone());

    AgentStatus answer = status(MACHINE1, "h1");
    agent.answer(0, answer);
    assertSame(answer, first.join());
    assertSame(answer, second.join());
  }

  @Test
  void anAnswerIsReusedUntilItIsMaxAgeOldCountedFromTheAsk() {
    request(MACHINE1);
    clock.advance(Duration.ofMillis(600));
    agent.answer(0, status(MACHINE1, "old"));
    clock.advance(Duration.ofMillis(399));
    assertEquals("old", request(MACHINE1).join().hostname());
    assertEquals(1, agent.asks.size());

    clock.advance(Duration.ofMillis(1));
    CompletableFuture<AgentStatus> later = request(MACHINE1);
    assertEquals(2, agent.asks.size(), "asked again once the answer is max-age old");
    agent.answer(1, status(MACHINE1, "new"));
    assertEquals("new", later.join().hostname());
  }

  @Test
  void anInvalidatedAnswerIsAskedAgainAtOnce() {
    request(MACHINE1);
    agent.answer(0, status(MACHINE1, "before"));
    cache.invalidate(MACHINE1);
    CompletableFuture<AgentStatus> after = request(MACHINE1);
    assertEquals(2, agent.asks.size());
    agent.answer(1, status(MACHINE1, "after"));
    assertEquals("after", after.join().hostname());
  }

  @Test
  void anAskInFlightWhenInvalidatedIsNotSharedWithLaterRequests() {
    CompletableFuture<AgentStatus> before = request(MACHINE1);
    cache.invalidate(MACHINE1);
    CompletableFuture<AgentStatus> after = request(MACHINE1);
    assertEquals(2, agent.asks.size());

    agent.answer(0, status(MACHINE1, "before"));
    agent.answer(1, status(MACHINE1, "after"));
    assertEquals("before", before.join().hostname());
    assertEquals("after", after.join().hostname());
    assertEquals("after", request(MACHINE1).join().hostname(), "the late answer of the old ask is not kept");
    assertEquals(2, agent.asks.size());
  }

  @Test
  void aFailedAskIsNotKept() {
    CompletableFuture<AgentStatus> failed = request(MACHINE1);
    agent.asks.get(0).completeExceptionally(new IllegalStateException("no answer"));
    assertThrows(CompletionException.class, failed::join);

    request(MACHINE1);
    assertEquals(2, agent.asks.size());
  }

  @Test
  void anAskThatThrowsFailsTheRequestAndIsNotKept() {
    CompletableFuture<AgentStatus> failed = cache.status(MACHINE1, () -> {
      throw new IllegalStateException("cannot resolve the agent");
    }).toCompletableFuture();
    assertThrows(CompletionException.class, failed::join);
    request(MACHINE1);
    assertEquals(1, agent.asks.size());
  }

  @Test
  void eachAgentHasItsOwnAnswer() {
    request(MACHINE1);
    request(MACHINE2);
    assertEquals(2, agent.asks.size());
    agent.answer(0, status(MACHINE1, "h1"));
    agent.answer(1, status(MACHINE2, "h2"));
    cache.invalidate(MACHINE2);
    assertEquals("h1", request(MACHINE1).join().hostname());
    assertEquals(2, agent.asks.size(), "machine1 was not invalidated");
    request(MACHINE2);
    assertEquals(3, agent.asks.size());
  }

  @Test
  void aZeroMaxAgeStillSharesTheAskInFlight() {
    AgentStatusCache uncached = new AgentStatusCache(Duration.ZERO, clock);
    uncached.status(MACHINE1, agent::ask);
    uncached.status(MACHINE1, agent::ask);
    assertEquals(1, agent.asks.size());
    agent.answer(0, status(MACHINE1, "h1"));
    uncached.status(MACHINE1, agent::ask);
    assertEquals(2, agent.asks.size());
  }
}
