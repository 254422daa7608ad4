package io.agentfleet.location.registry;

import akka.cluster.Member;
import akka.cluster.UniqueAddress;

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
}
