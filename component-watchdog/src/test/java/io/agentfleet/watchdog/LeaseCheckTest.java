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
  void newContentRenewsAndTheSameContentDoesNot() {
    LeaseCheck check = new LeaseCheck(1000, 0);
    assertEquals(Outcome.RENEWED, check.observe(bytes("1"), 900 * MS));
    assertEquals(Outcome.VALID, check.observe(bytes("1"), 1800 * MS));
    assertEquals(Outcome.RENEWED, check.observe(bytes("2"), 1850 * MS));
    assertEquals(Outcome.VALID, check.observe(bytes("2"), 2850 * MS));
    assertEquals(Outcome.LAPSED, check.observe(bytes("2"), 2851 * MS));
    assertEquals(1001, check.silentForMillis(2851 * MS));
  }

  @Test
  void aFileThatVanishesIsNoRenewal() {
    LeaseCheck check = new LeaseCheck(1000, 0);
    assertEquals(Outcome.RENEWED, check.observe(bytes("1"), 100 * MS));
    assertEquals(Outcome.VALID, check.observe(new byte[0], 1100 * MS));
    assertEquals(Outcome.LAPSED, check.observe(new byte[0], 1101 * MS));
  }

  @Test
  void aLeaseMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new LeaseCheck(0, 0));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
