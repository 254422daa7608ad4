package io.agentfleet.location.http;

import akka.actor.typed.ActorSystem;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.agentfleet.location.registry.LocationRegistry;

/**
 * What {@code GET /health} reports: healthy once this node is an Up member of the cluster that can
 * read the registry (its own replica, or a registry member's that it reaches).
 *
 * @param member this node's cluster address
 * @param memberStatus its membership status (Joining, Up, …)
 * @param members members this node sees
 * @param unreachable members this node cannot reach
 * @param registryReads where this node reads the registry: "this member" on a registry member, else
 *     the registry member it reads through (or "none reachable")
 */
public record HealthReport(String status, String member, String memberStatus, int members, int unreachable, String registryReads) {
  public boolean healthy() {
    return "ok".equals(status);
  }

  /** The report of the member running {@code system}: "starting" while it joins, "not a member" once it leaves. */
  public static HealthReport of(ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    Member self = cluster.selfMember();
    int members = 0;
    for (Member ignored : cluster.state().getMembers()) {
      members++;
    }
    int unreachable = cluster.state().getUnreachable().size();
    MemberStatus status = self.status();
    // Akka shows a node that has not been let in yet as Removed, with no members: starting too.
    boolean starting = status == MemberStatus.joining() || (status == MemberStatus.removed() && members == 0);
    LocationRegistry registry = LocationRegistry.get(system);
    // A member without the registry role answers reads only through a registry member it reaches.
    boolean canRead = registry.canRead();
    String verdict =
        status == MemberStatus.up() || status == MemberStatus.weaklyUp()
            ? (canRead ? "ok" : "no registry member reachable")
            : starting ? "starting" : "not a member";
    return new HealthReport(verdict, self.address().toString(), status.toString(), members, unreachable, registry.readsThrough());
  }
}
