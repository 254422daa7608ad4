package io.agentfleet.location.node;

import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;

/** Joining the fleet's cluster. */
public final class ClusterJoin {
  private ClusterJoin() {}

  /**
   * With seed nodes configured Akka joins them by itself; without, this member joins itself and so
   * starts a new cluster that others can join through it.
   */
  public static void joinSeedsOrSelf(ActorSystem<?> system) {
    if (system.settings().config().getStringList("akka.cluster.seed-nodes").isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }
}
