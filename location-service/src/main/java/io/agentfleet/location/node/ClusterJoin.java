package io.agentfleet.location.node;

import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.typed.Join;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Joining the fleet's cluster. */
public final class ClusterJoin {
  private ClusterJoin() {}

  /**
   * With seed nodes configured Akka joins them by itself; without, this member joins itself and so
   * starts a new cluster that others can join through it. The apps get there only with
   * {@code --new-cluster}: a member without seeds is a usage error (see {@link MemberCli}).
   */
  public static void joinSeedsOrSelf(ActorSystem<?> system) {
    if (system.settings().config().getStringList("akka.cluster.seed-nodes").isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  /**
   * Completes once this member is Up; fails with a message naming the seeds after {@code within}.
   * A member should not take work, nor leave, before it is Up: a member that leaves while still
   * joining can leave the shard coordinator's replicated state unable to reach a majority.
   */
  public static CompletionStage<Void> awaitUp(ActorSystem<?> system, Duration within) {
    CompletableFuture<Void> up = new CompletableFuture<>();
    akka.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.complete(null));
    List<String> seeds = system.settings().config().getStringList("akka.cluster.seed-nodes");
    return up.orTimeout(within.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(new IllegalStateException(notUp(seeds, within))));
  }

  static String notUp(List<String> seedAddresses, Duration within) {
    String waited = within.toMillis() % 1000 == 0 ? within.toSeconds() + " s" : within.toMillis() + " ms";
    if (seedAddresses.isEmpty()) {
      return "not Up as the first member of a new cluster within " + waited;
    }
    // Named as on the command line (host:port), not as Akka addresses.
    String seeds = seedAddresses.stream().map(a -> a.substring(a.indexOf('@') + 1)).collect(Collectors.joining(","));
    return "could not join the cluster through the seeds " + seeds + " within " + waited
        + ": no member there let this one in; check that members run at those addresses, that this host reaches them, and that"
        + " this member's certificate is signed by a CA in their trust store (member TLS)";
  }
}
