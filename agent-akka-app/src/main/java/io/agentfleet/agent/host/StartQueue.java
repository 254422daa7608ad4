package io.agentfleet.agent.host;

import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agent.client.AgentProtocol.ComponentStatus;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The spawns waiting for a start slot, first come first started. Only {@code maxConcurrentStarts}
 * components start at once: a burst of JVM starts on a small host would otherwise starve everything
 * (the agent's own cluster heartbeats included). Waiting is not failing: a spawn's own deadlines start
 * only when it takes a slot, and {@code maxQueueWait} bounds the wait so its caller always hears back.
 *
 * <p>Not an actor: the {@link Agent} owns the queue and its overdue timers (one per waiting spawn);
 * the queue holds the rules, so they can be tested without one.
 */
final class StartQueue {
  private final AgentSettings settings;
  private final Deque<Spawn> waiting = new ArrayDeque<>();

  StartQueue(AgentSettings settings) {
    this.settings = settings;
  }

  /** Queues {@code spawn} behind every spawn that waits already. */
  void add(Spawn spawn) {
    waiting.addLast(spawn);
  }

  boolean isWaiting(Spawn spawn) {
    return waiting.contains(spawn);
  }

  /** Whether the caller of {@code spawn} already waits here for a spawn of the same prefix: {@code spawn} repeats it. */
  boolean holdsRequestOf(Spawn spawn) {
    return waiting.stream().anyMatch(w -> w.replyTo().equals(spawn.replyTo()) && w.prefix().equals(spawn.prefix()));
  }

  /**
   * Takes the spawn whose turn it is off the queue, if one waits and a start slot is free while
   * {@code starting} components are starting.
   */
  Optional<Spawn> takeNext(long starting) {
    if (waiting.isEmpty() || starting >= settings.maxConcurrentStarts()) {
      return Optional.empty();
    }
    return Optional.of(waiting.pollFirst());
  }

  /**
   * Takes {@code spawn}, which has waited {@code maxQueueWait}, off the queue: the answer its caller
   * is owed, or nothing if it is not waiting any more (it took a slot, or the agent is stopping).
   */
  Optional<Failed> overdue(Spawn spawn) {
    if (!waiting.remove(spawn)) {
      return Optional.empty();
    }
    return Optional.of(Failed.of(FailureReason.QueueWaitExceeded, spawn.prefix() + " waited " + settings.maxQueueWait().toSeconds()
        + " s for a start slot on " + settings.prefix() + " (" + settings.maxConcurrentStarts() + " start at once, " + waiting.size()
        + " still queued); it was not started"));
  }

  /** Takes every waiting spawn off the queue, in order: none of them will start. */
  List<Spawn> drain() {
    List<Spawn> all = new ArrayList<>(waiting);
    waiting.clear();
    return all;
  }

  /** A Queued line in the agent's status for each waiting spawn, under the name it would run as. */
  Stream<ComponentStatus> statuses() {
    return waiting.stream()
        .flatMap(w -> settings.kinds().find(w.kind()).stream()
            .map(kind -> new ComponentStatus(w.connection(kind), kind.name(), ComponentState.Queued, 0L, 0L, Instant.EPOCH)));
  }
}
