package io.agentfleet.agentservice.impl;

import io.agentfleet.agent.client.AgentProtocol.AgentStatus;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.model.Prefix;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What each agent last said about its components, so that listings do not ask every agent on every
 * request. Concurrent requests for one agent share one ask (single flight); an answer is reused for at
 * most {@code maxAge} from when it was asked, and dropped at once by {@link #invalidate} (a registry
 * change of the agent or of what it runs, a spawn or kill through this service). A failed ask is never
 * kept. The one owner of this state; thread-safe.
 */
public final class AgentStatusCache {
  private record Entry(CompletableFuture<AgentStatus> answer, Instant askedAt) {}

  private final Duration maxAge;
  private final Clock clock;
  private final Map<Prefix, Entry> entries = new ConcurrentHashMap<>();

  public AgentStatusCache(Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** A cache whose entries the registry's tracking feed invalidates (see {@link AgentStatusInvalidation}). */
  public static AgentStatusCache following(LocationService locations, StatusCacheSettings settings, Clock clock) {
    AgentStatusCache cache = new AgentStatusCache(settings.maxAge(), clock);
    locations.trackAll(new AgentStatusInvalidation(cache));
    return cache;
  }

  /**
   * The status of {@code agent}: the kept answer while it is fresh, the ask in flight if there is one,
   * else the answer of a new {@code ask}.
   */
  public CompletionStage<AgentStatus> status(Prefix agent, Supplier<CompletionStage<AgentStatus>> ask) {
    Instant now = clock.instant();
    Entry kept = entries.get(agent);
    if (kept != null && usable(kept, now)) {
      return kept.answer().minimalCompletionStage();
    }
    Entry mine = new Entry(new CompletableFuture<>(), now);
    Entry winner = entries.compute(agent, (key, existing) -> existing != null && usable(existing, now) ? existing : mine);
    if (winner == mine) {
      askInto(agent, mine, ask);
    }
    return winner.answer().minimalCompletionStage();
  }

  /** Forgets what {@code agent} said; the next request asks it again. An ask in flight is no longer shared. */
  public void invalidate(Prefix agent) {
    entries.remove(agent);
  }

  private boolean usable(Entry entry, Instant now) {
    if (!entry.answer().isDone()) {
      return true;
    }
    return !entry.answer().isCompletedExceptionally() && now.isBefore(entry.askedAt().plus(maxAge));
  }

  private void askInto(Prefix agent, Entry entry, Supplier<CompletionStage<AgentStatus>> ask) {
    CompletionStage<AgentStatus> answer;
    try {
      answer = ask.get();
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete((status, failure) -> {
      if (failure != null) {
        // Only this entry: a newer ask started after an invalidation must stay.
        entries.remove(agent, entry);
        entry.answer().completeExceptionally(failure);
      } else {
        entry.answer().complete(status);
      }
    });
  }
}
