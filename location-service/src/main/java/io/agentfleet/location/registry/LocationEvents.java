package io.agentfleet.location.registry;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.api.TrackingEvent.LocationRemoved;
import io.agentfleet.location.api.TrackingEvent.LocationUpdated;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.registry.RegistryRecord.Taken;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * This node's feed of location changes: it follows the local replica and tells each listener what
 * changed. Changes are seen as differences between successive replica states, so a name registered
 * and removed between two notifications produces no event; a listener always ends with the right
 * state. Each listener first gets the current state of what it follows. It also keeps this node's
 * {@link ReplicaView}, which listings read.
 */
public final class LocationEvents extends AbstractBehavior<LocationEvents.Command> {
  public sealed interface Command permits Listen, Unlisten, ReplicaChanged, OwnerDeparted, ReplicaRead {}

  /** Send {@code listener} the events of {@code connection}, or of every connection when empty. */
  public record Listen(Optional<Connection> connection, ActorRef<TrackingEvent> listener) implements Command {}

  public record Unlisten(ActorRef<TrackingEvent> listener) implements Command {}

  /** A member was downed or removed: what it owned is no longer registered. */
  public record OwnerDeparted(String member) implements Command {}

  /**
   * A bucket read for a caller that must see an acknowledged change at once: from a majority of
   * replicas (read-your-writes of a change made elsewhere), or from this node's replica right after a
   * change made through this node. Merged into what this feed knows, so the view and the listeners
   * have it before {@code replyTo} hears {@code Done}, without waiting for the next replica notification.
   */
  record ReplicaRead(Key<?> key, LWWMap<String, RegistryRecord> map, ActorRef<Done> replyTo) implements Command {}

  private record ReplicaChanged(Key<?> key, LWWMap<String, RegistryRecord> map) implements Command {}

  private final Map<ActorRef<TrackingEvent>, Optional<Connection>> listeners = new HashMap<>();
  private final Map<Key<?>, LWWMap<String, RegistryRecord>> replica = new HashMap<>();
  private final DepartedMembers departed;
  private final ReplicaView view;

  /** Follows the buckets through {@code replicatorRef}: this member's replicator, or its relay to a registry member's. */
  public static Behavior<Command> create(
      DepartedMembers departed, ReplicaView view, ActorRef<Replicator.Command> replicatorRef, RegistrySettings settings) {
    return Behaviors.setup(
        ctx -> {
          var replicator =
              new ReplicatorMessageAdapter<Command, LWWMap<String, RegistryRecord>>(ctx, replicatorRef, settings.askTimeout());
          for (var key : ReplicaKeys.all()) {
            replicator.subscribe(
                key,
                change ->
                    change instanceof Replicator.Changed<LWWMap<String, RegistryRecord>> changed
                        // One adapter serves all keys (adapters are per message class), so
                        // the key comes from the message, never from this loop.
                        ? new ReplicaChanged(changed.key(), changed.dataValue())
                        : new ReplicaChanged(change.key(), ReplicaKeys.empty()));
          }
          return new LocationEvents(ctx, departed, view);
        });
  }

  private LocationEvents(ActorContext<Command> context, DepartedMembers departed, ReplicaView view) {
    super(context);
    this.departed = departed;
    this.view = view;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Listen.class, this::onListen)
        .onMessage(Unlisten.class, this::onUnlisten)
        .onMessage(ReplicaChanged.class, this::onReplicaChanged)
        .onMessage(OwnerDeparted.class, this::onOwnerDeparted)
        .onMessage(ReplicaRead.class, this::onReplicaRead)
        .build();
  }

  private Behavior<Command> onListen(Listen listen) {
    getContext().watchWith(listen.listener(), new Unlisten(listen.listener()));
    listeners.put(listen.listener(), listen.connection());
    view.locations()
        .filter(location -> follows(listen.connection(), location.connection()))
        .forEach(location -> listen.listener().tell(new LocationUpdated(location)));
    return this;
  }

  private Behavior<Command> onUnlisten(Unlisten unlisten) {
    listeners.remove(unlisten.listener());
    return this;
  }

  private Behavior<Command> onReplicaChanged(ReplicaChanged changed) {
    replica.put(changed.key(), changed.map());
    refresh(changed.key());
    return this;
  }

  private Behavior<Command> onReplicaRead(ReplicaRead read) {
    // A join of the two states, never a replacement: the local replica may already be ahead of the read.
    replica.merge(read.key(), read.map(), LWWMap::merge);
    refresh(read.key());
    read.replyTo().tell(Done.getInstance());
    return this;
  }

  private Behavior<Command> onOwnerDeparted(OwnerDeparted departedOwner) {
    replica.keySet().forEach(this::refresh);
    return this;
  }

  private void refresh(Key<?> key) {
    Map<String, Location> before = view.bucket(key);
    Map<String, Location> after = registered(replica.get(key), departed);
    view.put(key, after);
    after.forEach(
        (name, location) -> {
          if (!location.equals(before.get(name))) {
            publish(new LocationUpdated(location));
          }
        });
    before.forEach(
        (name, location) -> {
          if (!after.containsKey(name)) {
            publish(new LocationRemoved(location.connection()));
          }
        });
  }

  private void publish(TrackingEvent event) {
    listeners.forEach(
        (listener, connection) -> {
          if (follows(connection, event.connection())) {
            listener.tell(event);
          }
        });
  }

  private static boolean follows(Optional<Connection> followed, Connection connection) {
    return followed.map(connection::equals).orElse(true);
  }

  /** The registered locations of one replica map by connection name, less those of departed owners. */
  static Map<String, Location> registered(LWWMap<String, RegistryRecord> map, DepartedMembers departed) {
    Map<String, Location> result = new HashMap<>();
    map.getEntries().forEach((name, record) -> registered(record, departed).ifPresent(location -> result.put(name, location)));
    return result;
  }

  private static Optional<Location> registered(RegistryRecord record, DepartedMembers departed) {
    return record instanceof Taken taken && !departed.fenced(taken.holder()) ? Optional.of(taken.location()) : Optional.empty();
  }
}
