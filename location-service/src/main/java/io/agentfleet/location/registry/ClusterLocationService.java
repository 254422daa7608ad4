package io.agentfleet.location.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import akka.cluster.typed.Cluster;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.LeaseResult;
import io.agentfleet.location.api.RegistrationResult.RegisterResult;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.api.RegistrationResult.RegistryUnavailable;
import io.agentfleet.location.api.RegistrationResult.ReserveResult;
import io.agentfleet.location.api.RegistrationResult.UnregisterResult;
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.api.TrackingSubscription;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link LocationService} on the cluster: changes go to the name's sharded entity, reads come from
 * this node's replica. Registrations made through it belong to this member.
 */
public final class ClusterLocationService implements LocationService {
  private final ActorSystem<?> system;
  private final RegistrySettings settings;
  private final ClusterSharding sharding;
  private final ActorRef<Replicator.Command> replicator;
  private final ActorRef<LocationEvents.Command> events;
  private final ActorRef<ActorRegistrationWatcher.Command> actorWatcher;
  private final String selfAddress;
  private final AtomicLong listenerIds = new AtomicLong();
  private final DepartedMembers departed;
  private final ReplicaView view;

  public ClusterLocationService(
      ActorSystem<?> system,
      RegistrySettings settings,
      ActorRef<LocationEvents.Command> events,
      ActorRef<ActorRegistrationWatcher.Command> actorWatcher,
      DepartedMembers departed,
      ReplicaView view) {
    this.system = system;
    this.departed = departed;
    this.view = view;
    this.settings = settings;
    this.sharding = ClusterSharding.get(system);
    this.replicator = DistributedData.get(system).replicator();
    this.events = events;
    this.actorWatcher = actorWatcher;
    this.selfAddress = MemberIdentity.of(Cluster.get(system).selfMember());
  }

  /** This member's identity: the owner of registrations made through this service. */
  public String selfAddress() {
    return selfAddress;
  }

  @Override
  public CompletionStage<RegisterResult> register(Registration registration) {
    return registerOwnedBy(registration, selfAddress);
  }

  /** Registers on behalf of {@code acceptedBy} (the member whose API took the request). */
  public CompletionStage<RegisterResult> registerOwnedBy(Registration registration, String acceptedBy) {
    Connection connection = registration.location().connection();
    CompletionStage<RegisterResult> result =
        askEntity(connection, replyTo -> new RegistryEntity.Register(registration, acceptedBy, replyTo));
    return result.thenApply(
        r -> {
          if (r instanceof Registered registered && connection.connectionType() == ConnectionType.AKKA) {
            actorWatcher.tell(new ActorRegistrationWatcher.Watch(registered.location()));
          }
          return r;
        });
  }

  @Override
  public CompletionStage<ReserveResult> reserve(Connection connection, Duration hold) {
    return reserveFor(connection, hold, selfAddress);
  }

  /** Reserves on behalf of the member {@code owner}. */
  public CompletionStage<ReserveResult> reserveFor(Connection connection, Duration hold, String owner) {
    java.time.Instant answerBy = java.time.Instant.now().plus(settings.askTimeout());
    return askEntity(connection, replyTo -> new RegistryEntity.Reserve(connection, hold, owner, answerBy, replyTo));
  }

  @Override
  public CompletionStage<UnregisterResult> unregister(Connection connection) {
    return askEntity(connection, replyTo -> new RegistryEntity.Unregister(connection, Optional.empty(), replyTo));
  }

  @Override
  public CompletionStage<UnregisterResult> unregister(Connection connection, long epoch) {
    return askEntity(connection, replyTo -> new RegistryEntity.Unregister(connection, Optional.of(epoch), replyTo));
  }

  @Override
  public CompletionStage<LeaseResult> refreshLease(Connection connection) {
    return askEntity(connection, replyTo -> new RegistryEntity.RefreshLease(connection, Optional.empty(), replyTo));
  }

  /** Renews the lease only if the registration still has {@code epoch} (fenced). */
  public CompletionStage<LeaseResult> refreshLease(Connection connection, long epoch) {
    return askEntity(connection, replyTo -> new RegistryEntity.RefreshLease(connection, Optional.of(epoch), replyTo));
  }

  @Override
  public CompletionStage<Optional<Location>> find(Connection connection) {
    return readLocal(ReplicaKeys.forName(connection.name()))
        .thenApply(map -> LocationEvents.registered(map, connection.name(), departed));
  }

  /**
   * Reads the name's bucket from a majority of replicas: a change acknowledged before this call was
   * written to a majority, and any two majorities share a replica, so the read has it. Distributed
   * Data repairs this node's replica with the read before answering, and the read is merged into the
   * tracking feed and listing view before the stage completes.
   */
  @Override
  public CompletionStage<Boolean> catchUp(Connection connection) {
    Key<LWWMap<String, RegistryRecord>> key = ReplicaKeys.forName(connection.name());
    return AskPattern.<Replicator.Command, Replicator.GetResponse<LWWMap<String, RegistryRecord>>>ask(
            replicator,
            replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(settings.readMajorityTimeout()), replyTo),
            settings.askTimeout(),
            system.scheduler())
        .thenCompose(
            response -> {
              if (response instanceof Replicator.GetSuccess<LWWMap<String, RegistryRecord>> success) {
                return AskPattern.<LocationEvents.Command, akka.Done>ask(
                        events,
                        replyTo -> new LocationEvents.MajorityRead(key, success.get(key), replyTo),
                        settings.askTimeout(),
                        system.scheduler())
                    .thenApply(done -> true);
              }
              // NotFound: no replica of a majority has ever had this bucket, so there is nothing to miss.
              return CompletableFuture.completedFuture(response instanceof Replicator.NotFound);
            })
        .exceptionally(noAnswer -> false);
  }

  @Override
  public CompletionStage<Optional<Location>> resolve(Connection connection, Duration within) {
    CompletableFuture<Optional<Location>> result = new CompletableFuture<>();
    // Track first, then the tracker's initial state answers if it is registered already.
    TrackingSubscription subscription =
        track(
            connection,
            event -> {
              if (event instanceof TrackingEvent.LocationUpdated updated) {
                result.complete(Optional.of(updated.location()));
              }
            });
    find(connection).thenAccept(found -> found.ifPresent(location -> result.complete(found)));
    return result
        .completeOnTimeout(Optional.empty(), within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> subscription.close());
  }

  @Override
  public CompletionStage<List<Location>> list() {
    return listWhere(location -> true);
  }

  @Override
  public CompletionStage<List<Location>> list(ComponentType componentType) {
    return listWhere(location -> location.connection().componentType() == componentType);
  }

  @Override
  public CompletionStage<List<Location>> list(ConnectionType connectionType) {
    return listWhere(location -> location.connection().connectionType() == connectionType);
  }

  @Override
  public CompletionStage<List<Location>> listByHostname(String hostname) {
    return listWhere(
        location -> location.hostname().map(hostname::equals).orElse(false) || hostname.equals(location.uri().getHost()));
  }

  @Override
  public CompletionStage<List<Location>> listByPrefix(String prefix) {
    return listWhere(location -> location.connection().prefix().toString().startsWith(prefix));
  }

  /**
   * Registered locations matching {@code filter}, sorted by connection name, from this node's
   * {@link ReplicaView}: no actor is asked, and the view may be one notify interval (50 ms) behind
   * the local replica. {@link #find} asks the replica itself, so it sees a local change at once.
   */
  public CompletionStage<List<Location>> listWhere(Predicate<Location> filter) {
    return CompletableFuture.completedFuture(
        view.sortedByName().stream().filter(filter).toList());
  }

  @Override
  public TrackingSubscription track(Connection connection, Consumer<TrackingEvent> listener) {
    return listen(Optional.of(connection), listener);
  }

  @Override
  public TrackingSubscription trackAll(Consumer<TrackingEvent> listener) {
    return listen(Optional.empty(), listener);
  }

  /** Follows changes with an actor of the caller's (e.g. a stream's source actor). */
  public void listen(Optional<Connection> connection, ActorRef<TrackingEvent> listener) {
    events.tell(new LocationEvents.Listen(connection, listener));
  }

  private TrackingSubscription listen(Optional<Connection> connection, Consumer<TrackingEvent> listener) {
    ActorRef<Object> forwarder =
        system.systemActorOf(
            TrackingForwarder.create(listener), "location-listener-" + listenerIds.incrementAndGet(), Props.empty());
    events.tell(new LocationEvents.Listen(connection, forwarder.narrow()));
    return () -> forwarder.tell(TrackingForwarder.STOP);
  }

  private CompletionStage<LWWMap<String, RegistryRecord>> readLocal(Key<LWWMap<String, RegistryRecord>> key) {
    return AskPattern.<Replicator.Command, Replicator.GetResponse<LWWMap<String, RegistryRecord>>>ask(
            replicator,
            replyTo -> new Replicator.Get<>(key, Replicator.readLocal(), replyTo),
            settings.askTimeout(),
            system.scheduler())
        .thenApply(
            response ->
                response instanceof Replicator.GetSuccess<LWWMap<String, RegistryRecord>> success
                    ? success.get(key)
                    : ReplicaKeys.empty());
  }

  private <T> CompletionStage<T> askEntity(Connection connection, Function<ActorRef<T>, RegistryEntity.Command> message) {
    EntityRef<RegistryEntity.Command> entity = sharding.entityRefFor(RegistryEntity.TYPE_KEY, connection.name());
    return entity.<T>ask(message::apply, settings.askTimeout())
        .exceptionally(
            failure -> {
              @SuppressWarnings("unchecked")
              T unavailable =
                  (T)
                      new RegistryUnavailable(
                          "no answer from the registry for " + connection + " within " + settings.askTimeout().toMillis()
                              + " ms");
              return unavailable;
            });
  }
}
