package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DepartedMembersTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final DepartedMembers departed = new DepartedMembers(Duration.ofSeconds(4), now::get);

  @Test
  void aDepartedMemberIsFencedOnlyOnceTheFenceWaitHasPassed() {
    departed.add("a#1");
    assertTrue(departed.known("a#1"));
    assertFalse(departed.fenced("a#1"));
    assertEquals(Duration.ofSeconds(4), departed.fenceLeft("a#1"));
    now.addAndGet(Duration.ofMillis(3999).toNanos());
    assertFalse(departed.fenced("a#1"));
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertTrue(departed.fenced("a#1"));
    assertEquals(Duration.ZERO, departed.fenceLeft("a#1"));
  }

  @Test
  void theFirstTimeAMemberIsKnownGoneCounts() {
    departed.add("b#1");
    now.addAndGet(Duration.ofSeconds(3).toNanos());
    departed.add("b#1"); // removed after downed: no new fence
    assertEquals(Duration.ofSeconds(1), departed.fenceLeft("b#1"));
  }

  @Test
  void anOwnerFoundMissingIsFencedFromWhenItWasFirstFoundMissing() {
    assertFalse(departed.known("c#1"));
    assertEquals(Duration.ofSeconds(4), departed.fenceLeft("c#1"));
    assertTrue(departed.known("c#1"));
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    assertTrue(departed.fenced("c#1"));
  }
}
