package io.agentfleet.location.registry;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.actor.typed.Props;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;

/**
 * The registry on one cluster member, as an Akka extension: the first {@code get} starts sharding
 * for the registry's entities and this node's tracking feed, departed-member sweeper and actor
 * watcher, so every app in the JVM (registry node, agent, agent service) shares one of each.
 */
public final class LocationRegistry implements Extension {
  private static final Id ID = new Id();

  private final ClusterLocationService service;
  private final RegistrySettings settings;

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
    DepartedMembers departed = new DepartedMembers(settings.fenceWait());
    ClusterSharding.get(system)
        .init(
            Entity.of(RegistryEntity.TYPE_KEY, ctx -> RegistryEntity.create(ctx.getEntityId(), settings, departed))
                .withRole(settings.role()));
    ReplicaView view = new ReplicaView();
    var events = system.systemActorOf(LocationEvents.create(departed, view), "location-events", Props.empty());
    system.systemActorOf(DepartedMemberSweeper.create(settings, departed, events), "departed-member-sweeper", Props.empty());
    var watcher = system.systemActorOf(ActorRegistrationWatcher.create(), "actor-registration-watcher", Props.empty());
    this.service = new ClusterLocationService(system, settings, events, watcher, view);
  }

  public ClusterLocationService service() {
    return service;
  }

  public RegistrySettings settings() {
    return settings;
  }
}
