package io.agentfleet.location.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.agentfleet.location.model.Location;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import java.util.Optional;

/**
 * Watches the actors behind akka registrations made through this member and removes a registration
 * when its actor dies (DeathWatch), fenced by the registration's epoch so a newer registration of the
 * same name is left alone.
 */
public final class ActorRegistrationWatcher extends AbstractBehavior<ActorRegistrationWatcher.Command> {
  public sealed interface Command permits Watch, ActorDied {}

  /** Watch the actor at {@code location.uri()}. */
  public record Watch(Location location) implements Command {}

  private record ActorDied(Location location) implements Command {}

  public static Behavior<Command> create() {
    return Behaviors.setup(ActorRegistrationWatcher::new);
  }

  private ActorRegistrationWatcher(ActorContext<Command> context) {
    super(context);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Watch.class, this::onWatch)
        .onMessage(ActorDied.class, this::onActorDied)
        .build();
  }

  private Behavior<Command> onWatch(Watch watch) {
    try {
      ActorRef<Object> actor =
          ActorRefResolver.get(getContext().getSystem()).resolveActorRef(watch.location().uri().toString());
      getContext().watchWith(actor, new ActorDied(watch.location()));
    } catch (RuntimeException e) {
      getContext().getLog().warn("{}: cannot watch {}: {}", watch.location().connection(), watch.location().uri(), e.toString());
    }
    return this;
  }

  private Behavior<Command> onActorDied(ActorDied died) {
    getContext().getLog().info("{}: actor {} died, unregistering", died.location().connection(), died.location().uri());
    died.location()
        .epoch()
        .ifPresent(
            epoch ->
                ClusterSharding.get(getContext().getSystem())
                    .entityRefFor(RegistryEntity.TYPE_KEY, died.location().connection().name())
                    .tell(
                        new RegistryEntity.Unregister(
                            died.location().connection(), Optional.of(epoch), getContext().getSystem().ignoreRef())));
    return this;
  }
}
