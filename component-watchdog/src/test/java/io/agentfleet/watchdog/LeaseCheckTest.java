package io.agentfleet.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentfleet.watchdog.LeaseCheck.Outcome;
import org.junit.jupiter.api.Test;

class LeaseCheckTest {
  private static final long MS = 1_000_000L;

  @Test
  void aLeaseNeverRenewedLapsesOneLeaseAfterTheStart() {
    LeaseCheck check = new LeaseCheck(1000, 0);
    assertEquals(Outcome.VALID, check.observe(new byte[0], 1000 * MS));
    assertEquals(Outcome.LAPSED, check.observe(new byte[0], 1001 * MS));
  }

  @Test
  void aLeaseOpenedOnEarlierEvidenceCountsFromThatEvidenceNotFromTheStart() {
    // The agent opened the lease on evidence stamped 400 ms before the component started.
    LeaseCheck check = LeaseCheck.startingWith(1000, bytes("0 " + 600 * MS), 1000 * MS);
    assertEquals(Outcome.VALID, check.observe(bytes("0 " + 600 * MS), 1500 * MS));
    assertEquals(Outcome.LAPSED, check.observe(bytes("0 " + 600 * MS), 1601 * MS));
    // Without a stamp, or with one after the start, it counts from the start.
    assertEquals(Outcome.VALID, LeaseCheck.startingWith(1000, new byte[0], 1000 * MS).observe(new byte[0], 1900 * MS));
    assertEquals(Outcome.VALID, LeaseCheck.startingWith(1000, bytes("0 " + 1200 * MS), 1000 * MS).observe(bytes("0 " + 1200 * MS), 1900 * MS));
  }

  @Test
  void newContentRenewsAndTheSameContentDoesNot() {
    LeaseCheck check = new LeaseCheck(1000, 0);
    assertEquals(Outcome.RENEWED, check.observe(bytes("1 " + 900 * MS), 900 * MS));
    assertEquals(Outcome.VALID, check.observe(bytes("1 " + 900 * MS), 1800 * MS));
    assertEquals(Outcome.RENEWED, check.observe(bytes("2 " + 1850 * MS), 1850 * MS));
    assertEquals(Outcome.VALID, check.observe(bytes("2 " + 1850 * MS), 2850 * MS));
    assertEquals(Outcome.LAPSED, check.observe(bytes("2 " + 1850 * MS), 2851 * MS));
    assertEquals(1001, check.silentForMillis(2851 * MS));
  }

  @Test
  void aFileThatVanishesIsNoRenewal() {
    LeaseCheck check = new LeaseCheck(1000, 0);
    assertEquals(Outcome.RENEWED, check.observe(bytes("1 " + 100 * MS), 100 * MS));
    assertEquals(Outcome.VALID, check.observe(new byte[0], 1100 * MS));
    assertEquals(Outcome.LAPSED, check.observe(new byte[0], 1101 * MS));
  }

  @Test
  void aRenewalCountsFromWhenTheAgentLookedNotFromWhenItIsSeen() {
    LeaseCheck check = new LeaseCheck(1000, 0);
    assertEquals(Outcome.RENEWED, check.observe(bytes("1 " + 500 * MS), 900 * MS));
    assertEquals(Outcome.VALID, check.observe(bytes("1 " + 500 * MS), 1500 * MS));
    assertEquals(Outcome.LAPSED, check.observe(bytes("1 " + 500 * MS), 1501 * MS));
  }

  @Test
  void aRenewalThatIsALeaseOldWhenSeenIsNoRenewal() {
    // The whole host stood still from 1000 ms to 5000 ms; the agent had looked at its standing at 900 ms
    // and writes that renewal just before the watchdog's first look after the freeze.
    LeaseCheck check = new LeaseCheck(1000, 0);
    assertEquals(Outcome.RENEWED, check.observe(bytes("1 " + 500 * MS), 520 * MS));
    assertEquals(Outcome.LAPSED, check.observe(bytes("2 " + 900 * MS), 5000 * MS));
  }

  @Test
  void aRenewalStampedBeforeTheLastOneDoesNotMoveTheLease() {
    LeaseCheck check = new LeaseCheck(1000, 0);
    assertEquals(Outcome.RENEWED, check.observe(bytes("2 " + 800 * MS), 810 * MS));
    assertEquals(Outcome.VALID, check.observe(bytes("1 " + 600 * MS), 1700 * MS));
    assertEquals(Outcome.LAPSED, check.observe(bytes("1 " + 600 * MS), 1801 * MS));
  }

  @Test
  void contentWithoutTheTimeOfALookIsNoRenewal() {
    LeaseCheck check = new LeaseCheck(1000, 0);
    assertEquals(Outcome.VALID, check.observe(bytes("1"), 900 * MS));
    assertEquals(Outcome.VALID, check.observe(bytes("2 soon"), 950 * MS));
    assertEquals(Outcome.LAPSED, check.observe(bytes("3"), 1001 * MS));
  }

  @Test
  void aLeaseMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new LeaseCheck(0, 0));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
