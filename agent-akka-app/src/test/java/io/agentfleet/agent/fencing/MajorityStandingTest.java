package io.agentfleet.agent.fencing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.agent.fencing.MajorityStanding.MemberView;
import io.agentfleet.agent.fencing.MajorityStanding.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class MajorityStandingTest {
  private static MemberView up(String address) {
    return new MemberView(address, Status.UP, true);
  }

  private static MemberView lost(String address) {
    return new MemberView(address, Status.UP, false);
  }

  @Test
  void aMemberThatReachesAMajorityIsSure() {
    assertTrue(MajorityStanding.isSure("a", List.of(up("a"), up("b"), lost("c"))));
    assertTrue(MajorityStanding.isSure("a", List.of(up("a"))));
  }

  @Test
  void aMemberCutOffIntoAMinorityIsNotSure() {
    assertFalse(MajorityStanding.isSure("a", List.of(up("a"), lost("b"), lost("c"))));
    assertFalse(MajorityStanding.isSure("a", List.of(up("a"), up("b"), lost("c"), lost("d"), lost("e"))));
  }

  @Test
  void aTieIsNotSure() {
    assertFalse(MajorityStanding.isSure("a", List.of(up("a"), lost("b"))));
    assertFalse(MajorityStanding.isSure("a", List.of(up("a"), up("b"), lost("c"), lost("d"))));
  }

  @Test
  void aMemberOthersReportUnreachableIsNotSure() {
    assertFalse(MajorityStanding.isSure("a", List.of(lost("a"), up("b"), up("c"))));
  }

  @Test
  void aMemberThatIsNotUpOrLeavingIsNotSure() {
    for (Status status : List.of(Status.JOINING, Status.EXITING, Status.DOWN, Status.OTHER)) {
      assertFalse(MajorityStanding.isSure("a", List.of(new MemberView("a", status, true), up("b"), up("c"))), status.name());
    }
    assertTrue(MajorityStanding.isSure("a", List.of(new MemberView("a", Status.LEAVING, true), up("b"), up("c"))));
    assertFalse(MajorityStanding.isSure("a", List.of(up("b"), up("c"))), "not a member at all");
  }

  @Test
  void joiningAndDownedMembersDoNotCount() {
    assertTrue(MajorityStanding.isSure("a", List.of(up("a"), new MemberView("b", Status.DOWN, false), new MemberView("c", Status.JOINING, false))));
  }
}
