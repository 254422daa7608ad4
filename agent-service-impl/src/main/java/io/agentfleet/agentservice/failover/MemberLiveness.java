package io.agentfleet.agentservice.failover;

import akka.actor.Address;
import akka.actor.AddressFromURIString;
import akka.actor.typed.ActorSystem;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.UniqueAddress;
import akka.cluster.typed.Cluster;
import io.agentfleet.location.model.Location;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Whether an agent is still a member of the cluster, read from this member's view of it. An agent
 * counts as gone once it is downed, leaving or removed; an agent that is only unreachable is not
 * gone yet (the split-brain resolver decides, and the registry holds its names until then).
 */
final class MemberLiveness {
  private final Cluster cluster;

  MemberLiveness(ActorSystem<?> system) {
    this.cluster = Cluster.get(system);
  }

  /** The Up member that the agent registered at {@code agentLocation} runs in, as {@code address#uid}. */
  Optional<String> memberOf(Location agentLocation) {
    Address address;
    try {
      address = AddressFromURIString.parse(agentLocation.uri().toString());
    } catch (RuntimeException notAnAkkaAddress) {
      return Optional.empty();
    }
    return members()
        .filter(m -> m.address().equals(address) && m.status() == MemberStatus.up())
        .findFirst()
        .map(m -> key(m.uniqueAddress()));
  }

  /** Whether {@code member} ({@code address#uid}) is still an Up member. */
  boolean isUp(String member) {
    return members().anyMatch(m -> key(m.uniqueAddress()).equals(member) && m.status() == MemberStatus.up());
  }

  private java.util.stream.Stream<Member> members() {
    return StreamSupport.stream(cluster.state().getMembers().spliterator(), false);
  }

  static String key(UniqueAddress member) {
    return member.address() + "#" + member.longUid();
  }
}
