package io.agentfleet.location.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WitnessLedgerTest {
  private static final long S = 1_000_000_000L;

  @Test
  void theLeasesRunOutALifeAfterTheLastVouch() {
    WitnessLedger ledger = new WitnessLedger(3 * S, 0);
    ledger.vouched("a#1", 10 * S);
    ledger.vouched("a#1", 11 * S);
    assertEquals(2 * S, ledger.expiresIn("a#1", 12 * S));
    assertEquals(0, ledger.expiresIn("a#1", 14 * S));
  }

  @Test
  void aWitnessThatStartedRecentlyWaitsALifeForWhatItsEarlierIncarnationVouched() {
    WitnessLedger ledger = new WitnessLedger(3 * S, 100 * S);
    assertEquals(2 * S, ledger.expiresIn("never-vouched#1", 101 * S));
    assertEquals(0, ledger.expiresIn("never-vouched#1", 103 * S));
  }

  @Test
  void prunedEntriesWereExpiredAnyway() {
    WitnessLedger ledger = new WitnessLedger(3 * S, 0);
    ledger.vouched("old#1", 10 * S);
    for (int i = 0; i < 100; i++) {
      ledger.vouched("agent#" + i, 20 * S);
    }
    assertEquals(0, ledger.expiresIn("old#1", 20 * S));
    assertEquals(3 * S, ledger.expiresIn("agent#5", 20 * S));
  }
}
