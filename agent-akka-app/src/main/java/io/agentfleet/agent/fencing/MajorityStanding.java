package io.agentfleet.agent.fencing;

import akka.cluster.ClusterEvent.CurrentClusterState;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Whether this member is surely on the side of the cluster that the split-brain resolver keeps
 * (keep-majority over the registry role): only then may its agent renew its components' leases. The
 * rule, from this member's own view of the cluster: it is Up (or Leaving) and nobody reports it
 * unreachable, and the registry members it can reach (itself, if it is one) are a strict majority of
 * the Up, Leaving and Exiting registry members, the members the resolver counts. An agent without
 * the role thus stands with the registry's majority, however many agents are on either side. A tie is not sure: the resolver would keep the half with the lowest address, but two
 * halves may not agree on the membership at that instant, and a wrong guess would let a name run
 * twice; a tie costs the components of the losing guess, never a duplicate.
 */
public final class MajorityStanding {
  /** One member as this node sees it. */
  public record MemberView(String address, Status status, boolean reachable, boolean counted) {
    /** A member the resolver counts (it has the registry role). */
    public MemberView(String address, Status status, boolean reachable) {
      this(address, status, reachable, true);
    }
  }

  /** The statuses that count. */
  public enum Status {
    JOINING,
    UP,
    LEAVING,
    EXITING,
    DOWN,
    OTHER
  }

  private MajorityStanding() {}

  /** The rule on plain values: {@code self} is this member's address. */
  public static boolean isSure(String self, List<MemberView> members) {
    MemberView me = members.stream().filter(m -> m.address().equals(self)).findFirst().orElse(null);
    if (me == null || !me.reachable() || !(me.status() == Status.UP || me.status() == Status.LEAVING)) {
      return false;
    }
    List<MemberView> counted = members.stream()
        .filter(MemberView::counted)
        .filter(m -> m.status() == Status.UP || m.status() == Status.LEAVING || m.status() == Status.EXITING)
        .toList();
    long reachable = counted.stream().filter(MemberView::reachable).count();
    return 2 * reachable > counted.size();
  }

  /**
   * The rule on Akka's view of the cluster (unreachable as observed by any member, through gossip),
   * counting the members with {@code role} (the split-brain resolver's keep-majority.role).
   */
  public static boolean isSure(Member self, CurrentClusterState state, String role) {
    Set<Member> unreachable = state.getUnreachable();
    List<MemberView> members = StreamSupport.stream(state.getMembers().spliterator(), false)
        .map(m -> new MemberView(m.uniqueAddress().toString(), status(m.status()), !unreachable.contains(m), m.hasRole(role)))
        .toList();
    return isSure(self.uniqueAddress().toString(), members);
  }

  private static Status status(MemberStatus status) {
    if (status == MemberStatus.up()) {
      return Status.UP;
    }
    if (status == MemberStatus.leaving()) {
      return Status.LEAVING;
    }
    if (status == MemberStatus.exiting()) {
      return Status.EXITING;
    }
    if (status == MemberStatus.down()) {
      return Status.DOWN;
    }
    if (status == MemberStatus.joining()) {
      return Status.JOINING;
    }
    return Status.OTHER;
  }
}
