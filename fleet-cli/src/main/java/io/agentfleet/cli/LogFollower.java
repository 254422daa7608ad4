package io.agentfleet.cli;

import io.agentfleet.agentservice.api.rest.ComponentLogView;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows a component's log: asks for what was added every {@code interval} (at once again while a
 * bounded answer leaves more), hands each piece with text to {@code sink}, and ends once the component is gone and
 * its log has stopped growing.
 */
final class LogFollower {
  /** Where the pieces come from: what follows an offset. */
  interface Source {
    ComponentLogView readFrom(long offset) throws Exception;
  }

  private final Source source;
  private final Consumer<ComponentLogView> sink;
  private final Duration interval;

  LogFollower(Source source, Consumer<ComponentLogView> sink, Duration interval) {
    this.source = source;
    this.sink = sink;
    this.interval = interval;
  }

  /** Follows from where {@code first} ended; returns when the log ended, throws the first failure to read it. */
  void follow(ComponentLogView first) throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "fleet-logs-follow");
      thread.setDaemon(true); // Ctrl-C ends the CLI without waiting for a poll
      return thread;
    });
    CompletableFuture<Void> ended = new CompletableFuture<>();
    long[] offset = {first.nextOffset()}; // only the timer's one thread touches it
    try {
      timer.scheduleWithFixedDelay(() -> {
        try {
          ComponentLogView next;
          do {
            next = source.readFrom(offset[0]);
            if (!next.text().isEmpty()) {
              sink.accept(next);
            }
            offset[0] = next.nextOffset();
          } while (!next.text().isEmpty() && next.nextOffset() < next.size());
          if (ended(next)) {
            ended.complete(null);
          }
        } catch (Exception e) {
          ended.completeExceptionally(e);
        }
      }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
      ended.get();
    } finally {
      timer.shutdownNow();
    }
  }

  /** The component is gone and a read after that found nothing new: its process wrote its last line. */
  static boolean ended(ComponentLogView read) {
    return !read.running() && read.text().isEmpty() && read.nextOffset() >= read.size();
  }
}
