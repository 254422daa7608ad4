package io.agentfleet.location.registry;

import akka.cluster.ClusterEvent.CurrentClusterState;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.UniqueAddress;
import akka.cluster.typed.Cluster;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * How the registry names a member as an owner: address plus incarnation uid, so a member restarted
 * on the same host and port is a different owner than the one that died there.
 */
public final class MemberIdentity {
  private MemberIdentity() {}

  public static String of(Member member) {
    return of(member.uniqueAddress());
  }

  public static String of(UniqueAddress address) {
    return address.address() + "#" + address.longUid();
  }

  /**
   * Whether {@code identity} is still a member in this node's view. A member that is not in the view
   * at all counts as gone: the view drops removed members, and a member cannot own a name before
   * every member has seen it join (it is Up only after convergence, and fleet-cluster.conf turns
   * WeaklyUp off), so an owner missing from the view was removed, not yet to arrive.
   */
  static boolean isMember(Cluster cluster, String identity) {
    return find(cluster.state(), identity)
        .filter(m -> m.status() != MemberStatus.down() && m.status() != MemberStatus.removed())
        .isPresent();
  }

  /** The member named {@code identity} in {@code state}, whatever its status, if it is in the view. */
  public static Optional<Member> find(CurrentClusterState state, String identity) {
    return StreamSupport.stream(state.getMembers().spliterator(), false).filter(m -> of(m).equals(identity)).findFirst();
  }
}
