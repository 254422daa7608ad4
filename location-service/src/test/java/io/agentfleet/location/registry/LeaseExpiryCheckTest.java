package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaseExpiryCheckTest {
  @Test
  void freeingNeedsAStrictMajorityOfTheCountedRegistryMembers() {
    Set<String> three = Set.of("r1", "r2", "r3");
    assertFalse(LeaseExpiryCheck.majority(Set.of("r1"), three));
    assertTrue(LeaseExpiryCheck.majority(Set.of("r1", "r3"), three));
    assertFalse(LeaseExpiryCheck.majority(Set.of("r1", "r2"), Set.of("r1", "r2", "r3", "r4")), "half is no majority");
    // Confirmations from members no longer counted (removed since) do not make up a majority.
    assertFalse(LeaseExpiryCheck.majority(Set.of("r1", "gone-1", "gone-2"), three));
    assertFalse(LeaseExpiryCheck.majority(Set.of(), Set.of()), "no registry member: nobody can confirm");
  }
}
