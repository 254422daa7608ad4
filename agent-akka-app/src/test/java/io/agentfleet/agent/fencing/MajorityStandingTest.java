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

  private static MemberView agent(String address, boolean reachable) {
    return new MemberView(address, Status.UP, reachable, false);
  }

  @Test
  void onlyRegistryMembersCountSoAnAgentStandsWithTheRegistrysMajority() {
    // An agent without the registry role, with two of three registry members and none of the other agents.
    assertTrue(MajorityStanding.isSure("a", List.of(agent("a", true), up("r1"), up("r2"), lost("r3"),
        agent("b", false), agent("c", false), agent("d", false))));
    // Many agents around it, but only one of three registry members: the resolver keeps the other side.
    assertFalse(MajorityStanding.isSure("a", List.of(agent("a", true), up("r1"), lost("r2"), lost("r3"),
        agent("b", true), agent("c", true), agent("d", true))));
  }

  @Test
  void anAgentThatSeesNoRegistryMemberIsNeverSure() {
    assertFalse(MajorityStanding.isSure("a", List.of(agent("a", true), agent("b", true))));
  }

  @Test
  void anAgentWithoutTheRoleStillNeedsToBeUpAndReachableItself() {
    assertFalse(MajorityStanding.isSure("a", List.of(agent("a", false), up("r1"), up("r2"))));
    assertFalse(MajorityStanding.isSure("a", List.of(new MemberView("a", Status.JOINING, true, false), up("r1"), up("r2"))));
  }
}
