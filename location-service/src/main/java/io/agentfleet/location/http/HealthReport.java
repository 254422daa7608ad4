package io.agentfleet.location.http;

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
}
