package io.agentfleet.location.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.typed.Cluster;
import io.agentfleet.location.api.JsonSerializable;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.AlreadyReserved;
import io.agentfleet.location.api.RegistrationResult.LeaseRefreshed;
import io.agentfleet.location.api.RegistrationResult.LeaseResult;
import io.agentfleet.location.api.RegistrationResult.NotFound;
import io.agentfleet.location.api.RegistrationResult.RegisterResult;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.api.RegistrationResult.RegistryUnavailable;
import io.agentfleet.location.api.RegistrationResult.ReserveResult;
import io.agentfleet.location.api.RegistrationResult.Reserved;
import io.agentfleet.location.api.RegistrationResult.StaleEpoch;
import io.agentfleet.location.api.RegistrationResult.UnregisterResult;
import io.agentfleet.location.api.RegistrationResult.Unregistered;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.registry.RegistryRecord.Held;
import io.agentfleet.location.registry.RegistryRecord.Taken;
import io.agentfleet.location.registry.RegistryRecord.Vacant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The authority for one connection name (one sharded entity per name). It serialises every change of
 * the name, so register-if-absent is atomic cluster-wide, and acknowledges a change only after a
 * majority of registry replicas has it. Phases: recovering → vacant | held | taken, with a writing
 * phase between any two, during which commands wait in the stash.
 *
 * <p>It is unavailable rather than wrong: it acts only on a state that a majority has confirmed (read
 * on recovery, written on every change). While it cannot reach a majority it answers every command
 * {@link RegistryUnavailable} with a retry hint and keeps retrying in the background.
 */
public final class RegistryEntity {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "location");

  /** Everything an entity accepts; the public records are its protocol. */
  public sealed interface Command extends JsonSerializable
      permits Reserve,
          Register,
          Unregister,
          RefreshLease,
          MemberGone,
          Recovered,
          RecoveryFailed,
          RetryRecovery,
          WriteCompleted,
          RetryWrite,
          ReservationLapsed,
          LeaseExpired,
          FenceOver {}

  /**
   * Hold the name for a spawn by {@code owner} (a {@link MemberIdentity}) for {@code hold}, if the
   * caller still waits: {@code answerBy} is when its ask gives up (its node's clock). {@code request}
   * names this reservation: the same request sent again (its caller heard nothing, see
   * {@link ResendingAsk}) is answered with the hold it already took, never refused by it.
   */
  public record Reserve(Connection connection, Duration hold, String owner, Instant answerBy, String request,
      ActorRef<ReserveResult> replyTo) implements Command {}

  /** Register; {@code acceptedBy} is the member that took the request and owns a direct registration. */
  public record Register(Registration registration, String acceptedBy, ActorRef<RegisterResult> replyTo)
      implements Command {}

  /** Remove the registration or reservation; with an epoch only if it is still the current one. */
  public record Unregister(Connection connection, Optional<Long> epoch, ActorRef<UnregisterResult> replyTo)
      implements Command {}

  /** Renew the lease of the registration; with an epoch only if it is still the current one. */
  public record RefreshLease(Connection connection, Optional<Long> epoch, ActorRef<LeaseResult> replyTo) implements Command {}

  /**
   * A cluster member is gone: drop what it owned. Sent for every non-vacant name, it also restarts
   * entities that lived on the lost node, so their reservation and lease timers run again.
   */
  public record MemberGone(String address) implements Command {}

  private record Recovered(Optional<RegistryRecord> record) implements Command {}

  private record RecoveryFailed() implements Command {}

  private record RetryRecovery() implements Command {}

  private record WriteCompleted(boolean confirmed) implements Command {}

  private record RetryWrite() implements Command {}

  private record ReservationLapsed(long epoch) implements Command {}

  private record LeaseExpired(long epoch) implements Command {}

  /** The fence of a gone owner has passed: look again whether the name can be freed. */
  private record FenceOver() implements Command {}

  private static final String DEADLINE_TIMER = "deadline";
  private static final String RETRY_TIMER = "retry";
  private static final String FENCE_TIMER = "fence";
  // Time for a grant's write and its reply to reach a caller that is still waiting.
  private static final Duration REPLY_MARGIN = Duration.ofSeconds(4);

  private final ActorContext<Command> context;
  private final StashBuffer<Command> stash;
  private final TimerScheduler<Command> timers;
  private final ReplicatorMessageAdapter<Command, LWWMap<String, RegistryRecord>> replicator;
  private final SelfUniqueAddress selfUniqueAddress;
  private final Connection connection;
  private final Key<LWWMap<String, RegistryRecord>> key;
  private final RegistrySettings settings;
  private final Clock clock;
  private final DepartedMembers departed;
  // The gone owner whose fence this entity last said it waits for (said once, though it looks again often).
  private String fencedOwnerLogged = "";

  private RegistryEntity(
      ActorContext<Command> context,
      StashBuffer<Command> stash,
      TimerScheduler<Command> timers,
      ReplicatorMessageAdapter<Command, LWWMap<String, RegistryRecord>> replicator,
      Connection connection,
      RegistrySettings settings,
      Clock clock,
      DepartedMembers departed) {
    this.context = context;
    this.stash = stash;
    this.timers = timers;
    this.replicator = replicator;
    this.selfUniqueAddress = DistributedData.get(context.getSystem()).selfUniqueAddress();
    this.connection = connection;
    this.key = ReplicaKeys.forName(connection.name());
    this.settings = settings;
    this.clock = clock;
    this.departed = departed;
  }

  /** The entity for the connection named {@code entityId}. */
  public static Behavior<Command> create(String entityId, RegistrySettings settings, DepartedMembers departed) {
    return create(entityId, settings, departed, Clock.systemUTC());
  }

  static Behavior<Command> create(String entityId, RegistrySettings settings, DepartedMembers departed, Clock clock) {
    Connection connection = Connection.parse(entityId);
    return Behaviors.setup(
        ctx ->
            Behaviors.withStash(
                settings.stashCapacity(),
                stash ->
                    Behaviors.withTimers(
                        timers ->
                            DistributedData.withReplicatorMessageAdapter(
                                (ReplicatorMessageAdapter<Command, LWWMap<String, RegistryRecord>> replicator) ->
                                    new RegistryEntity(ctx, stash, timers, replicator, connection, settings, clock, departed)
                                        .recovering()))));
  }

  // ---- recovering: read what a majority knows of the name (the entity may have moved nodes)

  private Behavior<Command> recovering() {
    return recovering(0);
  }

  /**
   * One majority read of the name. The local replica is never a fallback: it may lack a change
   * that a majority holds (this node was cut off when it was made), and granting from it could
   * hand a live owner's name to someone else with an epoch that goes backwards.
   */
  private Behavior<Command> recovering(int failures) {
    replicator.askGet(
        replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(settings.readMajorityTimeout()), replyTo),
        this::recoveredFrom);
    return Behaviors.receive(Command.class)
        .onMessage(Recovered.class, this::onRecovered)
        .onMessage(
            RecoveryFailed.class,
            failed -> {
              Duration wait = settings.retryBackoff(failures + 1);
              context.getLog().warn(
                  "{}: no majority answered the recovery read (attempt {}), answering unavailable and trying again in {} ms",
                  connection, failures + 1, wait.toMillis());
              timers.startSingleTimer(RETRY_TIMER, new RetryRecovery(), wait);
              RegistryUnavailable unavailable = recoveringUnavailable(wait);
              answerWaiting(unavailable);
              return awaitingRecoveryRetry(failures + 1, unavailable);
            })
        // The first attempt usually succeeds within the read timeout, so commands wait for it; once
        // one has failed, callers are better served by a quick answer they can act on.
        .onAnyMessage(failures == 0 ? this::stashed : command -> unavailableOrStashed(command, recoveringUnavailable(settings.retryBackoff(failures))))
        .build();
  }

  private Behavior<Command> awaitingRecoveryRetry(int failures, RegistryUnavailable unavailable) {
    return Behaviors.receive(Command.class)
        .onMessage(RetryRecovery.class, retry -> recovering(failures))
        .onAnyMessage(command -> unavailableOrStashed(command, unavailable))
        .build();
  }

  private Command recoveredFrom(Replicator.GetResponse<LWWMap<String, RegistryRecord>> response) {
    if (response instanceof Replicator.GetSuccess<LWWMap<String, RegistryRecord>> success) {
      return new Recovered(ReplicaKeys.entry(success.get(key), connection.name()));
    }
    if (response instanceof Replicator.NotFound<LWWMap<String, RegistryRecord>>) {
      // A majority answered and none has the bucket: nothing of this name was ever confirmed.
      return new Recovered(Optional.empty());
    }
    return new RecoveryFailed();
  }

  private RegistryUnavailable recoveringUnavailable(Duration retryAfter) {
    return new RegistryUnavailable(
        connection + " is recovering its state and no majority of registry nodes has answered yet; retry in "
            + retryAfter.toMillis() + " ms",
        retryAfter);
  }


  private Behavior<Command> onRecovered(Recovered recovered) {
    RegistryRecord record = recovered.record().orElse(new Vacant(connection, 0));
    Optional<String> owner = record.owner();
    if (owner.isPresent() && ownerFenced(owner.get())) {
      context.getLog().info("{}: owner {} is no longer a member, removing", connection, owner.get());
      return write(new Vacant(connection, record.epoch()), confirmed -> {});
    }
    context.getLog().debug("{}: recovered {}", connection, record);
    return enter(record);
  }

  // ---- phases

  private Behavior<Command> enter(RegistryRecord record) {
    timers.cancel(DEADLINE_TIMER);
    Behavior<Command> next;
    if (record instanceof Held held) {
      Duration left = Duration.between(clock.instant(), held.deadline());
      timers.startSingleTimer(
          DEADLINE_TIMER, new ReservationLapsed(held.epoch()), left.isNegative() ? Duration.ZERO : left);
      next = held(held);
    } else if (record instanceof Taken taken) {
      // After a move the lease starts afresh: the old node's refresh times are not known here.
      taken.lease().ifPresent(lease -> timers.startSingleTimer(DEADLINE_TIMER, new LeaseExpired(taken.epoch()), lease));
      next = taken(taken);
    } else {
      next = vacant((Vacant) record);
    }
    return stash.unstashAll(next);
  }

  private Behavior<Command> vacant(Vacant vacant) {
    return Behaviors.receive(Command.class)
        .onMessage(Reserve.class, reserve -> reserveVacant(vacant, reserve))
        .onMessage(Register.class, register -> registerVacant(vacant, register))
        .onMessage(Unregister.class, unregister -> reply(unregister.replyTo(), new NotFound(connection)))
        .onMessage(RefreshLease.class, refresh -> reply(refresh.replyTo(), new NotFound(connection)))
        .onMessage(MemberGone.class, gone -> Behaviors.same())
        .onMessage(FenceOver.class, over -> Behaviors.same())
        .onMessage(ReservationLapsed.class, lapsed -> Behaviors.same())
        .onMessage(LeaseExpired.class, expired -> Behaviors.same())
        .build();
  }

  private Behavior<Command> held(Held held) {
    return Behaviors.receive(Command.class)
        .onMessage(
            Reserve.class,
            reserve ->
                unlessOwnerGone(
                    held, reserve, () -> reply(reserve.replyTo(), held.tookFor(reserve.owner(), reserve.request())
                        ? new Reserved(connection, held.epoch(), held.deadline())
                        : new AlreadyReserved(connection, held.epoch(), held.holder()))))
        .onMessage(Register.class, register -> unlessOwnerGone(held, register, () -> registerHeld(held, register)))
        .onMessage(Unregister.class, unregister -> unlessOwnerGone(held, unregister, () -> unregisterIfCurrent(held, unregister)))
        .onMessage(
            RefreshLease.class,
            refresh -> unlessOwnerGone(held, refresh, () -> reply(refresh.replyTo(), new NotFound(connection))))
        .onMessage(MemberGone.class, gone -> releaseIfOwnedBy(held, gone))
        .onMessage(FenceOver.class, over -> onFenceOver(held))
        .onMessage(
            ReservationLapsed.class,
            lapsed -> {
              if (lapsed.epoch() != held.epoch()) {
                return Behaviors.same();
              }
              context.getLog().info("{}: reservation {} by {} lapsed", connection, held.epoch(), held.holder());
              return write(new Vacant(connection, held.epoch()), confirmed -> {});
            })
        .onMessage(LeaseExpired.class, expired -> Behaviors.same())
        .build();
  }

  private Behavior<Command> taken(Taken taken) {
    return Behaviors.receive(Command.class)
        .onMessage(
            Reserve.class,
            reserve -> unlessOwnerGone(taken, reserve, () -> reply(reserve.replyTo(), new AlreadyRegistered(taken.location()))))
        .onMessage(Register.class, register -> unlessOwnerGone(taken, register, () -> registerTaken(taken, register)))
        .onMessage(Unregister.class, unregister -> unlessOwnerGone(taken, unregister, () -> unregisterIfCurrent(taken, unregister)))
        .onMessage(
            RefreshLease.class,
            refresh ->
                unlessOwnerGone(
                    taken,
                    refresh,
                    () -> {
                      if (refresh.epoch().isPresent() && refresh.epoch().get() != taken.epoch()) {
                        return reply(refresh.replyTo(), new StaleEpoch(connection, refresh.epoch().get(), Optional.of(taken.epoch())));
                      }
                      taken.lease()
                          .ifPresent(lease -> timers.startSingleTimer(DEADLINE_TIMER, new LeaseExpired(taken.epoch()), lease));
                      return reply(refresh.replyTo(), new LeaseRefreshed(connection, taken.lease()));
                    }))
        .onMessage(MemberGone.class, gone -> releaseIfOwnedBy(taken, gone))
        .onMessage(FenceOver.class, over -> onFenceOver(taken))
        .onMessage(ReservationLapsed.class, lapsed -> Behaviors.same())
        .onMessage(
            LeaseExpired.class,
            expired -> {
              if (expired.epoch() != taken.epoch()) {
                return Behaviors.same();
              }
              context.getLog().info("{}: lease not refreshed, removing", connection);
              return write(new Vacant(connection, taken.epoch()), confirmed -> {});
            })
        .build();
  }

  /**
   * A name is only as live as its owner. The departed-member sweep normally frees a lost owner's
   * names, but a sweep can be late or be lost with its node, so a caller's command first checks the
   * owner itself: if it is gone, the name is freed (confirmed by a majority) and the command is
   * then handled against the freed name.
   */
  private Behavior<Command> unlessOwnerGone(RegistryRecord current, Command command, Supplier<Behavior<Command>> handle) {
    Optional<String> owner = current.owner();
    if (owner.isEmpty() || !ownerFenced(owner.get())) {
      return handle.get();
    }
    context.getLog().info("{}: owner {} is no longer a member, freeing the name", connection, owner.get());
    // Stashed, it is handled once the freeing write has been confirmed and the name is vacant.
    stashed(command);
    return write(new Vacant(connection, current.epoch()), confirmed -> {});
  }

  // ---- transitions

  private Behavior<Command> reserveVacant(Vacant vacant, Reserve reserve) {
    // A reserve can wait in a shard region's buffer (its shard being re-homed) longer than its caller
    // waits for the answer. Granted then, the reservation would belong to nobody and block the name
    // for its whole hold; so one whose caller has (nearly) given up is not granted.
    if (clock.instant().plus(REPLY_MARGIN).isAfter(reserve.answerBy())) {
      context.getLog().info("{}: a reservation by {} arrived after its caller gave up; not granted", connection, reserve.owner());
      return reply(reserve.replyTo(), new RegistryUnavailable(
          "the reservation of " + connection + " reached its registry entity after its caller gave up; retry", settings.retryBackoff(1)));
    }
    long epoch = vacant.epoch() + 1;
    Instant deadline = clock.instant().plus(reserve.hold());
    context.getLog().debug("{}: reserved with epoch {} by {}", connection, epoch, reserve.owner());
    return write(
        new Held(connection, epoch, reserve.owner(), deadline, reserve.request()),
        confirmed ->
            reserve.replyTo().tell(confirmed ? new Reserved(connection, epoch, deadline) : unconfirmed(settings.retryBackoff(1))));
  }

  private Behavior<Command> registerVacant(Vacant vacant, Register register) {
    Registration registration = register.registration();
    if (registration.epoch().isPresent()) {
      // The reservation this registration completes has lapsed or was released.
      return reply(
          register.replyTo(),
          new StaleEpoch(connection, registration.epoch().get(), Optional.of(vacant.epoch())));
    }
    return take(vacant.epoch() + 1, register.acceptedBy(), register);
  }

  private Behavior<Command> registerHeld(Held held, Register register) {
    Optional<Long> presented = register.registration().epoch();
    if (presented.isEmpty()) {
      return reply(register.replyTo(), new AlreadyReserved(connection, held.epoch(), held.holder()));
    }
    if (presented.get() != held.epoch()) {
      return reply(register.replyTo(), new StaleEpoch(connection, presented.get(), Optional.of(held.epoch())));
    }
    // The registration belongs to the member that reserved (the spawning agent), whichever node
    // the request came through, so it goes when that member goes.
    return take(held.epoch(), held.holder(), register);
  }

  private Behavior<Command> registerTaken(Taken taken, Register register) {
    Registration registration = register.registration();
    Optional<Long> presented = registration.epoch();
    if (presented.isPresent() && presented.get() != taken.epoch()) {
      return reply(register.replyTo(), new StaleEpoch(connection, presented.get(), Optional.of(taken.epoch())));
    }
    // A repeated request (a client retrying after a timeout) gets the same answer.
    if (stamped(registration.location(), taken.epoch()).equals(taken.location())) {
      return reply(register.replyTo(), new Registered(taken.location()));
    }
    return reply(register.replyTo(), new AlreadyRegistered(taken.location()));
  }

  private Behavior<Command> take(long epoch, String owner, Register register) {
    Location location = stamped(register.registration().location(), epoch);
    context.getLog().info("{}: registered at {} (epoch {}, owner {})", connection, location.uri(), epoch, owner);
    return write(
        new Taken(location, epoch, owner, register.registration().lease()),
        confirmed -> register.replyTo().tell(confirmed ? new Registered(location) : unconfirmed(settings.retryBackoff(1))));
  }

  private Behavior<Command> unregisterIfCurrent(RegistryRecord current, Unregister unregister) {
    Optional<Long> presented = unregister.epoch();
    if (presented.isPresent() && presented.get() != current.epoch()) {
      return reply(unregister.replyTo(), new StaleEpoch(connection, presented.get(), Optional.of(current.epoch())));
    }
    context.getLog().info("{}: unregistered (epoch {})", connection, current.epoch());
    return write(
        new Vacant(connection, current.epoch()),
        confirmed -> unregister.replyTo().tell(confirmed ? new Unregistered(connection) : unconfirmed(settings.retryBackoff(1))));
  }

  private Behavior<Command> releaseIfOwnedBy(RegistryRecord current, MemberGone gone) {
    Optional<String> owner = current.owner();
    // A sweep for one lost member also reaches names of other lost members (two lost together,
    // or a sweep that was lost with its node): the owner's own membership decides those.
    if (owner.isEmpty() || !ownerFenced(owner.get())) {
      return Behaviors.same();
    }
    context.getLog().info("{}: owner {} left the cluster, removing", connection, owner.get());
    return write(new Vacant(connection, current.epoch()), confirmed -> {});
  }

  // ---- writing: acknowledge only once a majority of replicas has the change

  private Behavior<Command> write(RegistryRecord next, Consumer<Boolean> acknowledge) {
    return writing(next, acknowledge, 0);
  }

  /**
   * One attempt to get {@code next} to a majority. An unconfirmed change is already in the local
   * replica and spreads by gossip, so it cannot be taken back; nor is it agreed, so the entity must
   * not act on it. It retries the same write until a majority confirms it, answering unavailable
   * meanwhile. Going back to a majority read instead would confirm nothing: the local replica takes
   * part in that read, so it would read back this very change whether or not a majority has it.
   */
  private Behavior<Command> writing(RegistryRecord next, Consumer<Boolean> acknowledge, int failures) {
    replicator.askUpdate(
        replyTo ->
            new Replicator.Update<>(
                key,
                ReplicaKeys.empty(),
                new Replicator.WriteMajority(settings.writeMajorityTimeout()),
                replyTo,
                map -> map.put(selfUniqueAddress, connection.name(), next)),
        response -> new WriteCompleted(response instanceof Replicator.UpdateSuccess));
    return Behaviors.receive(Command.class)
        .onMessage(
            WriteCompleted.class,
            completed -> {
              if (completed.confirmed()) {
                if (failures > 0) {
                  context.getLog().info("{}: change confirmed by a majority after {} retries", connection, failures);
                } else {
                  acknowledge.accept(true);
                }
                return enter(next);
              }
              Duration wait = settings.retryBackoff(failures + 1);
              RegistryUnavailable unavailable = unconfirmed(wait);
              if (failures == 0) {
                context.getLog().warn(
                    "{}: change not confirmed by a majority in time, retrying it every {}..{} ms",
                    connection, wait.toMillis(), settings.retryBackoffMax().toMillis());
                acknowledge.accept(false);
                answerWaiting(unavailable);
              }
              timers.startSingleTimer(RETRY_TIMER, new RetryWrite(), wait);
              return awaitingWriteRetry(next, acknowledge, failures + 1, unavailable);
            })
        .onAnyMessage(
            failures == 0 ? this::stashed : command -> unavailableOrStashed(command, unconfirmed(settings.retryBackoff(failures))))
        .build();
  }

  private Behavior<Command> awaitingWriteRetry(
      RegistryRecord next, Consumer<Boolean> acknowledge, int failures, RegistryUnavailable unavailable) {
    return Behaviors.receive(Command.class)
        .onMessage(RetryWrite.class, retry -> writing(next, acknowledge, failures))
        .onAnyMessage(command -> unavailableOrStashed(command, unavailable))
        .build();
  }

  private Behavior<Command> stashed(Command command) {
    if (stash.isFull()) {
      context.getLog().warn("{}: too many waiting commands, dropping {}", connection, command.getClass().getSimpleName());
    } else {
      stash.stash(command);
    }
    return Behaviors.same();
  }

  /** A caller's command is answered {@code unavailable}; the entity's own (timers, member loss) wait. */
  private Behavior<Command> unavailableOrStashed(Command command, RegistryUnavailable unavailable) {
    return answerUnavailable(command, unavailable) ? Behaviors.same() : stashed(command);
  }

  /** Answers the callers waiting in the stash {@code unavailable}; the entity's own commands stay. */
  private void answerWaiting(RegistryUnavailable unavailable) {
    java.util.List<Command> waiting = new java.util.ArrayList<>();
    stash.forEach(waiting::add);
    stash.clear();
    waiting.forEach(command -> unavailableOrStashed(command, unavailable));
  }

  private static boolean answerUnavailable(Command command, RegistryUnavailable unavailable) {
    if (command instanceof Reserve reserve) {
      reserve.replyTo().tell(unavailable);
    } else if (command instanceof Register register) {
      register.replyTo().tell(unavailable);
    } else if (command instanceof Unregister unregister) {
      unregister.replyTo().tell(unavailable);
    } else if (command instanceof RefreshLease refresh) {
      refresh.replyTo().tell(unavailable);
    } else {
      return false;
    }
    return true;
  }

  private RegistryUnavailable unconfirmed(Duration retryAfter) {
    return new RegistryUnavailable(
        "a change of " + connection + " was not confirmed by a majority of registry nodes within "
            + settings.writeMajorityTimeout().toMillis() + " ms; retry in " + retryAfter.toMillis() + " ms",
        retryAfter);
  }

  /**
   * Whether the name of {@code owner} may be freed now: the owner is no longer a member and its fence
   * has passed, so whatever it ran has surely stopped (its components halt when their leases lapse;
   * see docs/architecture.md, "Fencing"). An owner that is gone but still fenced keeps the name, and
   * the entity looks again when the fence ends.
   */
  private boolean ownerFenced(String owner) {
    if (isMember(owner)) {
      return false;
    }
    Duration left = departed.fenceLeft(owner);
    if (left.isZero()) {
      return true;
    }
    if (!timers.isTimerActive(FENCE_TIMER)) {
      if (!owner.equals(fencedOwnerLogged)) {
        fencedOwnerLogged = owner;
        context.getLog().info("{}: owner {} is gone; the name stays held until what it ran has surely stopped", connection, owner);
      }
      timers.startSingleTimer(FENCE_TIMER, new FenceOver(), left);
    }
    return false;
  }

  private Behavior<Command> onFenceOver(RegistryRecord current) {
    Optional<String> owner = current.owner();
    if (owner.isEmpty() || !ownerFenced(owner.get())) {
      return Behaviors.same();
    }
    context.getLog().info("{}: owner {} is gone and fenced, removing", connection, owner.get());
    return write(new Vacant(connection, current.epoch()), confirmed -> {});
  }

  /** Whether the owner {@code address} is still a member in this node's view (see {@link MemberIdentity#isMember}). */
  private boolean isMember(String address) {
    return MemberIdentity.isMember(Cluster.get(context.getSystem()), address);
  }

  private static Location stamped(Location location, long epoch) {
    return location.withMetadata(Location.EPOCH, Long.toString(epoch));
  }

  private static <T> Behavior<Command> reply(ActorRef<T> replyTo, T result) {
    replyTo.tell(result);
    return Behaviors.same();
  }
}
