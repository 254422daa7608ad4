package io.agentfleet.location.http;

import akka.actor.typed.ActorSystem;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;

/**
 * What {@code GET /health} reports: healthy once this node is an Up member of the cluster.
 *
 * @param member this node's cluster address
 * @param memberStatus its membership status (Joining, Up, …)
 * @param members members this node sees
 * @param unreachable members this node cannot reach
 */
public record HealthReport(String status, String member, String memberStatus, int members, int unreachable) {
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
    String verdict = status == MemberStatus.up() || status == MemberStatus.weaklyUp() ? "ok" : starting ? "starting" : "not a member";
    return new HealthReport(verdict, self.address().toString(), status.toString(), members, unreachable);
  }
}
