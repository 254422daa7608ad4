package io.agentfleet.agent.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class WitnessRoundsTest {
  private static final Set<String> THREE = Set.of("r1", "r2", "r3");

  @Test
  void aRoundIsEvidenceOnceAStrictMajorityOfItsCountedMembersAnswered() {
    WitnessRounds rounds = new WitnessRounds(8);
    rounds.start(100, THREE);
    assertEquals(ComponentLeases.NO_EVIDENCE, rounds.answered(100, "r1"));
    assertEquals(100, rounds.answered(100, "r2"));
    assertEquals(100, rounds.answered(100, "r3"));
  }

  @Test
  void theSameWitnessTwiceIsOneAnswer() {
    WitnessRounds rounds = new WitnessRounds(8);
    rounds.start(100, THREE);
    rounds.answered(100, "r1");
    assertEquals(ComponentLeases.NO_EVIDENCE, rounds.answered(100, "r1"));
  }

  @Test
  void onlyMembersCountedAtTheRoundsStartCount() {
    // A member that was not a counted registry member when the round went out (an agent, a member
    // that joined since) cannot make up a majority.
    WitnessRounds rounds = new WitnessRounds(8);
    rounds.start(100, THREE);
    rounds.answered(100, "r1");
    assertEquals(ComponentLeases.NO_EVIDENCE, rounds.answered(100, "someone-else"));
    assertEquals(ComponentLeases.NO_EVIDENCE, rounds.answered(99, "r2"), "a round never sent");
  }

  @Test
  void halfIsNotAMajority() {
    WitnessRounds rounds = new WitnessRounds(8);
    rounds.start(100, Set.of("r1", "r2", "r3", "r4"));
    rounds.answered(100, "r1");
    assertEquals(ComponentLeases.NO_EVIDENCE, rounds.answered(100, "r2"));
    assertEquals(100, rounds.answered(100, "r3"));
  }

  @Test
  void evidenceNeverGoesBackToAnOlderRound() {
    WitnessRounds rounds = new WitnessRounds(8);
    rounds.start(100, THREE);
    rounds.start(200, THREE);
    rounds.answered(200, "r1");
    assertEquals(200, rounds.answered(200, "r2"));
    rounds.answered(100, "r1");
    assertEquals(200, rounds.answered(100, "r2"), "a late majority of an older round");
  }

  @Test
  void answersToRoundsNoLongerKeptAreIgnored() {
    WitnessRounds rounds = new WitnessRounds(2);
    rounds.start(100, THREE);
    rounds.start(200, THREE);
    rounds.start(300, THREE);
    rounds.answered(100, "r1");
    assertEquals(ComponentLeases.NO_EVIDENCE, rounds.answered(100, "r2"));
  }

  @Test
  void noRegistryMemberCountedIsNoEvidence() {
    WitnessRounds rounds = new WitnessRounds(8);
    rounds.start(100, Set.of());
    assertEquals(ComponentLeases.NO_EVIDENCE, rounds.answered(100, "r1"));
  }
}
