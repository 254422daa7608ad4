package io.agentfleet.location.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.actor.typed.Props;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.typed.Cluster;
import io.agentfleet.location.fencing.LeaseWitness;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The registry on one cluster member, as an Akka extension: the first {@code get} starts sharding
 * for the registry's entities and this node's tracking feed, departed-member sweeper and actor
 * watcher, so every app in the JVM (registry node, agent, agent service) shares one of each.
 */
public final class LocationRegistry implements Extension {
  private static final Id ID = new Id();

  private final ClusterLocationService service;
  private final RegistrySettings settings;
  private final boolean holdsReplica;
  private final ActorRef<Replicator.Command> replicator;
  private final AtomicReference<Optional<String>> readsThrough = new AtomicReference<>(Optional.empty());

  /** The extension's id; {@link #get} is the way to reach it. */
  public static final class Id extends ExtensionId<LocationRegistry> {
    @Override
    public LocationRegistry createExtension(ActorSystem<?> system) {
      return new LocationRegistry(system);
    }
  }

  public static LocationRegistry get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  private LocationRegistry(ActorSystem<?> system) {
    this.settings = RegistrySettings.fromConfig(system.settings().config());
    this.holdsReplica = Cluster.get(system).selfMember().hasRole(settings.role());
    DepartedMembers departed = new DepartedMembers(settings.fenceWait());
    // On a member without the role, sharding starts a proxy: commands go to entities on registry members.
    ClusterSharding.get(system)
        .init(
            Entity.of(RegistryEntity.TYPE_KEY, ctx -> RegistryEntity.create(ctx.getEntityId(), settings, departed))
                .withRole(settings.role()));
    this.replicator =
        holdsReplica
            ? DistributedData.get(system).replicator()
            : system.<Object>systemActorOf(ReplicaRelay.create(settings.role(), readsThrough), "registry-replica-relay", Props.empty())
                .narrow();
    ReplicaView view = new ReplicaView();
    var events = system.systemActorOf(LocationEvents.create(departed, view, replicator, settings), "location-events", Props.empty());
    // On a member without the role it only learns of departures (never the sweeper), for the view.
    system.systemActorOf(DepartedMemberSweeper.create(settings, departed, events, replicator), "departed-member-sweeper", Props.empty());
    var watcher = system.systemActorOf(ActorRegistrationWatcher.create(), "actor-registration-watcher", Props.empty());
    if (holdsReplica) {
      // Agents' lease renewals need a majority of registry members to vouch for them (fencing).
      akka.cluster.Cluster classic = akka.cluster.Cluster.get(system.classicSystem());
      java.time.Duration life = io.agentfleet.location.node.FencingTiming.fromConfig(system.settings().config()).lifeAfterEvidence();
      system.systemActorOf(LeaseWitness.create(classic::selfMember, classic::state, life), LeaseWitness.NAME,
          akka.actor.typed.DispatcherSelector.fromConfig("location-service.fencing.witness-dispatcher"));
    }
    this.service = new ClusterLocationService(system, settings, replicator, events, watcher, view, holdsReplica);
  }

  /**
   * This member's replicator of the registry's buckets: its own on a registry member; on a member
   * without the registry role, a relay to a registry member's ({@link ReplicaRelay}), which serves
   * reads and subscriptions only.
   */
  public ActorRef<Replicator.Command> replicator() {
    return replicator;
  }

  /** Whether this member has the registry role, and so its own replica and a share of the entities. */
  public boolean holdsReplica() {
    return holdsReplica;
  }

  /** Whether this member can answer reads: it holds a replica, or reaches a registry member to read through. */
  public boolean canRead() {
    return holdsReplica || readsThrough.get().isPresent();
  }

  /** The registry member this member reads through: "this member" on a registry member. */
  public String readsThrough() {
    return holdsReplica ? "this member" : readsThrough.get().orElse("none reachable");
  }

  public ClusterLocationService service() {
    return service;
  }

  public RegistrySettings settings() {
    return settings;
  }
}
