package io.agentfleet.location.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.Key;
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
  private final ReplicaView view;
  // Whether this member has the registry role and so a replica of its own.
  private final boolean holdsReplica;

  public ClusterLocationService(
      ActorSystem<?> system,
      RegistrySettings settings,
      ActorRef<Replicator.Command> replicator,
      ActorRef<LocationEvents.Command> events,
      ActorRef<ActorRegistrationWatcher.Command> actorWatcher,
      ReplicaView view,
      boolean holdsReplica) {
    this.system = system;
    this.view = view;
    this.holdsReplica = holdsReplica;
    this.settings = settings;
    this.sharding = ClusterSharding.get(system);
    this.replicator = replicator;
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
    return result.thenCompose(
        r -> {
          if (!(r instanceof Registered registered)) {
            return CompletableFuture.completedFuture(r);
          }
          if (connection.connectionType() == ConnectionType.AKKA) {
            actorWatcher.tell(new ActorRegistrationWatcher.Watch(registered.location()));
          }
          return seenHere(connection, r);
        });
  }

  @Override
  public CompletionStage<ReserveResult> reserve(Connection connection, Duration hold) {
    return reserveFor(connection, hold, selfAddress);
  }

  /** Reserves on behalf of the member {@code owner}. */
  public CompletionStage<ReserveResult> reserveFor(Connection connection, Duration hold, String owner) {
    java.time.Instant answerBy = java.time.Instant.now().plus(settings.askTimeout());
    String request = java.util.UUID.randomUUID().toString();
    EntityRef<RegistryEntity.Command> entity = sharding.entityRefFor(RegistryEntity.TYPE_KEY, connection.name());
    CompletionStage<ReserveResult> answer = ResendingAsk.ask(
        wait -> entity.<ReserveResult>ask(replyTo -> new RegistryEntity.Reserve(connection, hold, owner, answerBy, request, replyTo), wait),
        settings.resendAfter(), settings.askTimeout());
    return answer.exceptionally(failure -> noAnswer(connection));
  }

  @Override
  public CompletionStage<UnregisterResult> unregister(Connection connection) {
    CompletionStage<UnregisterResult> result =
        askEntity(connection, replyTo -> new RegistryEntity.Unregister(connection, Optional.empty(), replyTo));
    return result.thenCompose(r -> seenHere(connection, r));
  }

  @Override
  public CompletionStage<UnregisterResult> unregister(Connection connection, long epoch) {
    CompletionStage<UnregisterResult> result =
        askEntity(connection, replyTo -> new RegistryEntity.Unregister(connection, Optional.of(epoch), replyTo));
    return result.thenCompose(r -> seenHere(connection, r));
  }

  @Override
  public CompletionStage<LeaseResult> refreshLease(Connection connection) {
    return askEntity(connection, replyTo -> new RegistryEntity.RefreshLease(connection, Optional.empty(), replyTo));
  }

  /** Renews the lease only if the registration still has {@code epoch} (fenced). */
  public CompletionStage<LeaseResult> refreshLease(Connection connection, long epoch) {
    return askEntity(connection, replyTo -> new RegistryEntity.RefreshLease(connection, Optional.of(epoch), replyTo));
  }

  /**
   * From this node's {@link ReplicaView}, without asking any actor: it may be one notify interval
   * (50 ms) behind this node's replica for changes made through other nodes, never for a change made
   * through this node (see {@link #seenHere}). A caller that must see a change acknowledged elsewhere
   * calls {@link #catchUp} first.
   */
  @Override
  public CompletionStage<Optional<Location>> find(Connection connection) {
    return CompletableFuture.completedFuture(findNow(connection));
  }

  /** {@link #find}, answered on the caller's thread: the view is read without asking any actor. */
  public Optional<Location> findNow(Connection connection) {
    return Optional.ofNullable(view.bucket(ReplicaKeys.forName(connection.name())).get(connection.name()));
  }

  /** {@link #findNow}, as the HTTP API writes the location (written once per change, not per request). */
  public Optional<byte[]> findJsonNow(Connection connection) {
    return view.json(ReplicaKeys.forName(connection.name()), connection.name());
  }

  /**
   * Completes with {@code result} once this node's view shows the change the result acknowledges, so
   * that the caller's next find, listing or tracker here sees its own change (read-your-writes),
   * though the view follows the replica by notifications. On a registry member the local replica is
   * read first: it has the change if this member was part of the write's majority. If it does not
   * show it (the entity lives on another member, whose write went to a majority without this one; see
   * {@link AcknowledgedChange}), a majority of replicas is read: the write is on a majority, and any
   * two majorities share a replica. A member without the registry role always reads a majority
   * (through its relay): the replica it follows is another node's. Answers with {@code result} even if
   * a read fails.
   */
  private <T> CompletionStage<T> seenHere(Connection connection, T result) {
    Key<LWWMap<String, RegistryRecord>> key = ReplicaKeys.forName(connection.name());
    Replicator.ReadConsistency majority = new Replicator.ReadMajority(settings.readMajorityTimeout());
    CompletionStage<LWWMap<String, RegistryRecord>> replica = !holdsReplica
        ? read(key, majority)
        : read(key, Replicator.readLocal()).thenCompose(local -> AcknowledgedChange.shownBy(result, ReplicaKeys.entry(local, connection.name()))
            ? CompletableFuture.completedFuture(local)
            : read(key, majority));
    return replica.thenCompose(map -> mergeIntoView(key, map)).handle((done, failure) -> result);
  }


  /** Merges a bucket read from a replica into this node's tracking feed and view; completes once they have it. */
  private CompletionStage<akka.Done> mergeIntoView(Key<LWWMap<String, RegistryRecord>> key, LWWMap<String, RegistryRecord> map) {
    return AskPattern.ask(events, replyTo -> new LocationEvents.ReplicaRead(key, map, replyTo), settings.askTimeout(), system.scheduler());
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
                return mergeIntoView(key, success.get(key)).thenApply(done -> true);
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
   * {@link ReplicaView}, as {@link #find} reads it: no actor is asked.
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

  private CompletionStage<LWWMap<String, RegistryRecord>> read(
      Key<LWWMap<String, RegistryRecord>> key, Replicator.ReadConsistency consistency) {
    return AskPattern.<Replicator.Command, Replicator.GetResponse<LWWMap<String, RegistryRecord>>>ask(
            replicator,
            replyTo -> new Replicator.Get<>(key, consistency, replyTo),
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
              T unavailable = (T) noAnswer(connection);
              return unavailable;
            });
  }

  private RegistryUnavailable noAnswer(Connection connection) {
    return new RegistryUnavailable("no answer from the registry for " + connection + " within " + settings.askTimeout().toMillis() + " ms");
  }
}
