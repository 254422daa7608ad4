package io.agentfleet.location.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.agentfleet.location.fencing.LeaseWitness.Vouch;
import io.agentfleet.location.fencing.LeaseWitness.Vouched;
import io.agentfleet.location.testkit.InProcessMember;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaseWitnessTest {
  @Test
  void aWitnessVouchesOnlyForAnActiveReachableMemberWhileItIsActiveItself() {
    assertTrue(LeaseWitness.vouches(MemberStatus.up(), Optional.of(MemberStatus.up()), false));
    assertTrue(LeaseWitness.vouches(MemberStatus.leaving(), Optional.of(MemberStatus.leaving()), false));
    assertFalse(LeaseWitness.vouches(MemberStatus.up(), Optional.of(MemberStatus.up()), true), "reported unreachable");
    assertFalse(LeaseWitness.vouches(MemberStatus.up(), Optional.of(MemberStatus.down()), false), "downed");
    assertFalse(LeaseWitness.vouches(MemberStatus.up(), Optional.of(MemberStatus.exiting()), false), "on its way out");
    assertFalse(LeaseWitness.vouches(MemberStatus.up(), Optional.of(MemberStatus.joining()), false), "not let in yet");
    assertFalse(LeaseWitness.vouches(MemberStatus.up(), Optional.empty(), false), "not a member in this view (removed)");
    assertFalse(LeaseWitness.vouches(MemberStatus.joining(), Optional.of(MemberStatus.up()), false), "a witness not let in yet");
    assertFalse(LeaseWitness.vouches(MemberStatus.down(), Optional.of(MemberStatus.up()), false), "a downed witness");
  }

  @Test
  void aRegistryMembersWitnessAnswersAtItsPathForTheMemberItselfAndNoOtherIncarnation() {
    try (InProcessMember member = InProcessMember.alone()) {
      io.agentfleet.location.registry.LocationRegistry.get(member.system());
      String self = io.agentfleet.location.registry.MemberIdentity.of(Cluster.get(member.system()).selfMember());
      String address = Cluster.get(member.system()).selfMember().address().toString();
      TestProbe<Vouched> probe = member.testKit().createTestProbe();
      var witness = member.system().classicSystem().actorSelection(LeaseWitness.pathOn(address));
      witness.tell(new Vouch(self, 42, probe.ref()), akka.actor.ActorRef.noSender());
      Vouched vouched = probe.receiveMessage(Duration.ofSeconds(10));
      assertEquals(42, vouched.round());
      assertEquals(self, vouched.witness());
      // An earlier incarnation at the same address is not this member.
      witness.tell(new Vouch(self.replace("#", "#1"), 43, probe.ref()), akka.actor.ActorRef.noSender());
      probe.expectNoMessage(Duration.ofMillis(500));
    }
  }

  @Test
  void vouchingAndFreeingNeedAStrictMajorityOfTheCountedRegistryMembers() {
    Set<String> three = Set.of("r1", "r2", "r3");
    assertFalse(LeaseWitness.majority(Set.of("r1"), three));
    assertTrue(LeaseWitness.majority(Set.of("r1", "r3"), three));
    assertFalse(LeaseWitness.majority(Set.of("r1", "r2"), Set.of("r1", "r2", "r3", "r4")), "half is no majority");
    // Confirmations from members no longer counted (removed since) do not make up a majority.
    assertFalse(LeaseWitness.majority(Set.of("r1", "gone-1", "gone-2"), three));
    assertFalse(LeaseWitness.majority(Set.of(), Set.of()), "no registry member: nobody can confirm");
  }
}
