package io.agentfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.agentfleet.agentservice.api.rest.ComponentLogView;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** A follower prints what the log gains and ends once the component is gone and nothing more came. */
class LogFollowerTest {
  private static final Duration FAST = Duration.ofMillis(5);
  private static final Duration WITHIN = Duration.ofSeconds(10);

  /** A log that grows by the given pieces, one per read; the component is gone once they are read. */
  private static final class GrowingLog implements LogFollower.Source {
    private final List<String> pieces;
    private final int goneAfter;
    private final List<Long> asked = new ArrayList<>();
    private int reads;
    private long size;

    GrowingLog(long start, int goneAfter, String... pieces) {
      this.size = start;
      this.goneAfter = goneAfter;
      this.pieces = List.of(pieces);
    }

    @Override
    public ComponentLogView readFrom(long offset) {
      asked.add(offset);
      String text = reads < pieces.size() ? pieces.get(reads) : "";
      boolean running = reads < goneAfter;
      reads++;
      size += text.length();
      return new ComponentLogView("ESW.c1-Service", "ESW.machine1", running, offset, offset + text.length(), size, text);
    }
  }

  private static ComponentLogView first(long next) {
    return new ComponentLogView("ESW.c1-Service", "ESW.machine1", true, 0, next, next, "x".repeat((int) next));
  }

  @Test
  void printsWhatTheLogGainsAndEndsOnceTheComponentIsGoneAndNothingMoreCame() {
    GrowingLog log = new GrowingLog(10, 3, "a\n", "", "b\n", "c\n");
    StringBuilder printed = new StringBuilder();
    assertTimeoutPreemptively(WITHIN, () -> new LogFollower(log, read -> printed.append(read.text()), FAST).follow(first(10)));
    assertEquals("a\nb\nc\n", printed.toString(), "the line written while it stopped is printed too");
    assertEquals(List.of(10L, 12L, 12L, 14L, 16L), log.asked, "each read continues where the last ended");
  }

  @Test
  void keepsFollowingWhileTheComponentRuns() {
    GrowingLog log = new GrowingLog(0, 20);
    assertTimeoutPreemptively(WITHIN, () -> new LogFollower(log, read -> {}, FAST).follow(first(0)));
    assertEquals(21, log.asked.size(), "it ends only at the first empty read after the component is gone");
  }

  @Test
  void aFailedReadEndsTheFollowWithThatFailure() {
    LogFollower.Source failing = offset -> {
      throw new IOException("connection refused");
    };
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> new LogFollower(failing, read -> {}, FAST).follow(first(0)));
    assertEquals("connection refused", thrown.getCause().getMessage());
  }
}
