package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DepartedMembersTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final DepartedMembers departed = new DepartedMembers(Duration.ZERO, now::get);

  @Test
  void aDepartedMemberIsFencedOnlyOnceItsLeasesAreConfirmedToHaveRunOut() {
    departed.add("a#1");
    assertTrue(departed.known("a#1"));
    now.addAndGet(Duration.ofMinutes(10).toNanos());
    assertFalse(departed.fenced("a#1"), "however long it has been: no confirmation, no freeing");
    assertEquals(DepartedMembers.UNCONFIRMED_POLL, departed.fenceLeft("a#1"));
    departed.confirm("a#1");
    assertTrue(departed.fenced("a#1"));
    assertEquals(Duration.ZERO, departed.fenceLeft("a#1"));
  }

  @Test
  void anExtraFenceWaitCountsFromWhenTheMemberWasFirstKnownGone() {
    DepartedMembers withMargin = new DepartedMembers(Duration.ofSeconds(4), now::get);
    withMargin.add("b#1");
    now.addAndGet(Duration.ofSeconds(3).toNanos());
    withMargin.add("b#1"); // removed after downed: no new fence
    withMargin.confirm("b#1");
    assertFalse(withMargin.fenced("b#1"));
    assertEquals(Duration.ofSeconds(1), withMargin.fenceLeft("b#1"));
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertTrue(withMargin.fenced("b#1"));
  }

  @Test
  void everyNewDepartureIsHandedToTheCheckOnceHoweverItIsFound() {
    List<String> checked = new ArrayList<>();
    departed.onDeparture(checked::add);
    departed.add("c#1");
    departed.add("c#1");
    // An entity finding its owner missing from its view is how an unseen departure is noted.
    assertFalse(departed.known("d#1"));
    assertEquals(DepartedMembers.UNCONFIRMED_POLL, departed.fenceLeft("d#1"));
    assertTrue(departed.known("d#1"));
    departed.fenceLeft("d#1");
    assertEquals(List.of("c#1", "d#1"), checked);
  }

  @Test
  void departuresNotedBeforeTheCheckWasThereAreHandedToItWhenItComes() {
    departed.add("e#1");
    departed.add("f#1");
    departed.confirm("f#1");
    List<String> checked = new ArrayList<>();
    departed.onDeparture(checked::add);
    assertEquals(List.of("e#1"), checked);
  }
}
