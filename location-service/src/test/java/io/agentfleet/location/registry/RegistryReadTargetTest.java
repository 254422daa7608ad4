package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistryReadTargetTest {
  private static final List<String> REGISTRY = List.of("akka://fleet@r1:1", "akka://fleet@r2:1", "akka://fleet@r3:1");

  @Test
  void keepsTheMemberItReadsThroughWhileThatOneIsACandidate() {
    Optional<String> current = Optional.of("akka://fleet@r3:1");
    assertEquals(current, RegistryReadTarget.choose(current, REGISTRY, "akka://fleet@agent:1"));
    // A registry member joining moves no reader.
    List<String> grown = List.of("akka://fleet@r0:1", "akka://fleet@r1:1", "akka://fleet@r2:1", "akka://fleet@r3:1");
    assertEquals(current, RegistryReadTarget.choose(current, grown, "akka://fleet@agent:1"));
  }

  @Test
  void movesToAnotherCandidateWhenItsMemberIsLost() {
    Optional<String> lost = Optional.of("akka://fleet@r9:1");
    Optional<String> chosen = RegistryReadTarget.choose(lost, REGISTRY, "akka://fleet@agent:1");
    assertTrue(chosen.isPresent() && REGISTRY.contains(chosen.get()), chosen.toString());
  }

  @Test
  void noCandidateNoTarget() {
    assertEquals(Optional.empty(), RegistryReadTarget.choose(Optional.of("akka://fleet@r1:1"), List.of(), "akka://fleet@agent:1"));
  }

  @Test
  void readersSpreadOverTheRegistryMembersWhateverOrderTheyAreListedIn() {
    Set<String> used = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      String self = "akka://fleet@agent" + i + ":3560";
      Optional<String> chosen = RegistryReadTarget.choose(Optional.empty(), REGISTRY, self);
      assertEquals(chosen, RegistryReadTarget.choose(Optional.empty(), List.of(REGISTRY.get(2), REGISTRY.get(0), REGISTRY.get(1)), self), "same choice for " + self);
      used.add(chosen.orElseThrow());
    }
    assertEquals(Set.copyOf(REGISTRY), used, "30 readers use every registry member");
  }
}
