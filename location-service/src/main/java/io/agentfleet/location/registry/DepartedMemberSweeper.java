package io.agentfleet.location.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import io.agentfleet.location.registry.RegistryRecord.Vacant;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.StreamSupport;

/**
 * Removes the registrations of members that are downed or removed. The oldest registry member that
 * is Up and has not departed does the sweep: it reads every replica bucket from a majority and tells
 * every entity with a non-vacant name that a member is gone. Telling all of them, not just the ones a
 * departed member owned, also restarts the entities that lived on a lost node, so their deadlines run
 * again.
 *
 * <p>A sweep is not done until every bucket was read: a failed read is retried (with backoff) until it
 * succeeds. Every member remembers the departures it has not swept itself, so when the sweeper is lost
 * too (two members lost together, or the sweeper lost during its sweep), the next oldest sweeps for
 * all of them once it is the oldest.
 *
 * <p>Some owners depart unseen: after every registry member restarted (durable replicas keep what
 * the earlier incarnations owned), or when every member that saw a departure was lost as well. So
 * the sweeper also looks through its replica every {@code orphan-scan-interval} for owners that are
 * neither members nor known to have departed, and fences and sweeps each like a departed member.
 */
public final class DepartedMemberSweeper extends AbstractBehavior<DepartedMemberSweeper.Command> {
  public sealed interface Command
      permits MemberDeparted, CheckLeases, LeasesExpired, FenceOver, BucketRead, RetryBucket, ScanForOrphans, LocalBucketRead {}

  private record MemberDeparted(Member member) implements Command {}

  /** A member this node now knows to be gone: find out when its components' leases have run out. */
  private record CheckLeases(String address) implements Command {}

  /** A majority of the registry members' witnesses confirmed that the departed member's leases ran out. */
  private record LeasesExpired(String address) implements Command {}

  /** The fence of a departed member has passed: what it owned may be freed. */
  private record FenceOver(String address) implements Command {}

  private record BucketRead(Key<LWWMap<String, RegistryRecord>> key, int failures, Optional<LWWMap<String, RegistryRecord>> map)
      implements Command {}

  private record RetryBucket(Key<LWWMap<String, RegistryRecord>> key, int failures) implements Command {}

  /** Time to look for owners that are not members and were never seen to depart. */
  private record ScanForOrphans() implements Command {}

  private record LocalBucketRead(LWWMap<String, RegistryRecord> map) implements Command {}

  /** A sweep in flight: for whom, and the buckets not yet read. */
  private record Sweep(Set<String> departed, Set<Key<LWWMap<String, RegistryRecord>>> unread) {}

  private final ReplicatorMessageAdapter<Command, LWWMap<String, RegistryRecord>> replicator;
  private final TimerScheduler<Command> timers;
  private final RegistrySettings settings;
  private final Cluster cluster;
  private final BiConsumer<String, RegistryEntity.MemberGone> entities;

  private final DepartedMembers departedMembers;
  private final ActorRef<LocationEvents.Command> events;
  // Departures whose leases are being (or were) confirmed to have run out: one check each.
  private final Set<String> checking = new HashSet<>();
  // Departures seen by this node and not yet swept by it, oldest first.
  private final Set<String> unswept = new LinkedHashSet<>();
  private Optional<Sweep> sweep = Optional.empty();
  // One warning per sweep: a lost majority fails the reads of all 256 buckets at once.
  private boolean failureReported;

  public static Behavior<Command> create(
      RegistrySettings settings,
      DepartedMembers departedMembers,
      ActorRef<LocationEvents.Command> events,
      ActorRef<Replicator.Command> replicator) {
    return Behaviors.setup(
        ctx -> {
          ClusterSharding sharding = ClusterSharding.get(ctx.getSystem());
          return create(
              settings,
              departedMembers,
              events,
              replicator,
              (name, gone) -> sharding.entityRefFor(RegistryEntity.TYPE_KEY, name).tell(gone));
        });
  }

  /** With the replicator it reads and the way it reaches entities given, so tests can stand in for them. */
  static Behavior<Command> create(
      RegistrySettings settings,
      DepartedMembers departedMembers,
      ActorRef<LocationEvents.Command> events,
      ActorRef<Replicator.Command> replicatorRef,
      BiConsumer<String, RegistryEntity.MemberGone> entities) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new DepartedMemberSweeper(
                        ctx,
                        new ReplicatorMessageAdapter<>(ctx, replicatorRef, settings.askTimeout()),
                        timers,
                        settings,
                        departedMembers,
                        events,
                        entities)));
  }

  private DepartedMemberSweeper(
      ActorContext<Command> context,
      ReplicatorMessageAdapter<Command, LWWMap<String, RegistryRecord>> replicator,
      TimerScheduler<Command> timers,
      RegistrySettings settings,
      DepartedMembers departedMembers,
      ActorRef<LocationEvents.Command> events,
      BiConsumer<String, RegistryEntity.MemberGone> entities) {
    super(context);
    context.setLoggerName(DepartedMemberSweeper.class);
    this.replicator = replicator;
    this.timers = timers;
    this.departedMembers = departedMembers;
    this.events = events;
    this.settings = settings;
    this.entities = entities;
    this.cluster = Cluster.get(context.getSystem());
    var downed =
        context.messageAdapter(ClusterEvent.MemberDowned.class, event -> new MemberDeparted(event.member()));
    var removed =
        context.messageAdapter(ClusterEvent.MemberRemoved.class, event -> new MemberDeparted(event.member()));
    cluster.subscriptions().tell(Subscribe.create(downed, ClusterEvent.MemberDowned.class));
    cluster.subscriptions().tell(Subscribe.create(removed, ClusterEvent.MemberRemoved.class));
    ActorRef<Command> self = context.getSelf();
    departedMembers.onDeparture(address -> self.tell(new CheckLeases(address)));
    timers.startTimerWithFixedDelay("orphan-scan", new ScanForOrphans(), settings.orphanScanInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(MemberDeparted.class, this::onMemberDeparted)
        .onMessage(CheckLeases.class, this::onCheckLeases)
        .onMessage(LeasesExpired.class, this::onLeasesExpired)
        .onMessage(FenceOver.class, this::onFenceOver)
        .onMessage(BucketRead.class, this::onBucketRead)
        .onMessage(RetryBucket.class, retry -> read(retry.key(), retry.failures()))
        .onMessage(ScanForOrphans.class, this::onScanForOrphans)
        .onMessage(LocalBucketRead.class, this::onLocalBucketRead)
        .build();
  }

  private Behavior<Command> onMemberDeparted(MemberDeparted departed) {
    String address = MemberIdentity.of(departed.member());
    // A downed member is removed later: one sweep serves both events.
    if (departedMembers.known(address)) {
      return sweepIfOldest();
    }
    getContext().getLog().info("member {} is gone ({}); what it owned is freed once a majority of the registry members"
        + " confirm that its components' leases have run out", address, departed.member().status());
    departedMembers.add(address);
    // The departure changes who sweeps even while its fence runs.
    return sweepIfOldest();
  }

  /**
   * The local replica will do: an owner found here is only a candidate. Its fence starts now (it was
   * gone before this node knew it), and each entity still checks its owner against its own node's
   * view before it frees the name.
   */
  private Behavior<Command> onScanForOrphans(ScanForOrphans scan) {
    if (!isSweeper()) {
      return this;
    }
    for (var key : ReplicaKeys.all()) {
      replicator.askGet(
          replyTo -> new Replicator.Get<>(key, Replicator.readLocal(), replyTo),
          response ->
              new LocalBucketRead(
                  response instanceof Replicator.GetSuccess<LWWMap<String, RegistryRecord>> success
                      ? success.get(key)
                      : ReplicaKeys.empty()));
    }
    return this;
  }

  private Behavior<Command> onLocalBucketRead(LocalBucketRead read) {
    read.map()
        .getEntries()
        .forEach(
            (name, record) ->
                record.owner()
                    .filter(owner -> !departedMembers.known(owner) && !MemberIdentity.isMember(cluster, owner))
                    .ifPresent(owner -> orphaned(owner, name)));
    return this;
  }

  private void orphaned(String owner, String name) {
    getContext().getLog().info("{} (owner of {}, maybe more) is not a member of this cluster and was never seen to depart;"
        + " what it owned is freed once a majority of the registry members confirm that its components' leases have run out",
        owner, name);
    departedMembers.add(owner);
  }

  private Behavior<Command> onCheckLeases(CheckLeases check) {
    if (!checking.add(check.address())) {
      return this;
    }
    ActorRef<Command> self = getContext().getSelf();
    getContext().spawnAnonymous(LeaseExpiryCheck.create(check.address(), settings.role(), DepartedMembers.UNCONFIRMED_POLL,
        address -> self.tell(new LeasesExpired(address))));
    return this;
  }

  private Behavior<Command> onLeasesExpired(LeasesExpired expired) {
    departedMembers.confirm(expired.address());
    Duration fence = departedMembers.fenceLeft(expired.address());
    getContext().getLog().info("the leases of {} have run out (confirmed by a majority of the registry members); what it owned"
        + " is freed in {} ms", expired.address(), fence.toMillis());
    timers.startSingleTimer("fence-" + expired.address(), new FenceOver(expired.address()), fence);
    return this;
  }

  private Behavior<Command> onFenceOver(FenceOver over) {
    events.tell(new LocationEvents.OwnerDeparted(over.address()));
    unswept.add(over.address());
    return sweepIfOldest();
  }

  /** Starts a sweep for every unswept departure if this node is the sweeper and none is in flight. */
  private Behavior<Command> sweepIfOldest() {
    if (sweep.isPresent() || unswept.isEmpty() || !isSweeper()) {
      return this;
    }
    Sweep started = new Sweep(Set.copyOf(unswept), new HashSet<>(ReplicaKeys.all()));
    sweep = Optional.of(started);
    failureReported = false;
    getContext().getLog().info("removing what departed members {} owned", started.departed());
    for (var key : ReplicaKeys.all()) {
      read(key, 0);
    }
    return this;
  }

  private Behavior<Command> read(Key<LWWMap<String, RegistryRecord>> key, int failures) {
    replicator.askGet(
        replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(settings.readMajorityTimeout()), replyTo),
        response -> {
          if (response instanceof Replicator.GetSuccess<LWWMap<String, RegistryRecord>> success) {
            return new BucketRead(key, failures, Optional.of(success.get(key)));
          }
          if (response instanceof Replicator.NotFound<LWWMap<String, RegistryRecord>>) {
            return new BucketRead(key, failures, Optional.of(ReplicaKeys.empty()));
          }
          return new BucketRead(key, failures, Optional.empty());
        });
    return this;
  }

  private Behavior<Command> onBucketRead(BucketRead read) {
    if (sweep.isEmpty() || !sweep.get().unread().contains(read.key())) {
      return this;
    }
    Sweep current = sweep.get();
    if (read.map().isEmpty()) {
      // No majority answered: a dropped bucket would leave a lost member's names taken for good.
      Duration wait = settings.retryBackoff(read.failures() + 1);
      if (!failureReported) {
        failureReported = true;
        getContext().getLog().warn(
            "no majority answered a read while removing what {} owned; retrying every failed bucket until all are read",
            current.departed());
      }
      getContext().getLog().debug(
          "no majority answered the read of {} (attempt {}), retrying in {} ms", read.key().id(), read.failures() + 1, wait.toMillis());
      timers.startSingleTimer(read.key(), new RetryBucket(read.key(), read.failures() + 1), wait);
      return this;
    }
    // Names a departed member owned are told which one; every other non-vacant name is told of one
    // of them, which restarts its entity if it lived on a lost node.
    String any = current.departed().iterator().next();
    read.map()
        .get()
        .getEntries()
        .forEach(
            (name, record) -> {
              if (!(record instanceof Vacant)) {
                String gone = record.owner().filter(current.departed()::contains).orElse(any);
                entities.accept(name, new RegistryEntity.MemberGone(gone));
              }
            });
    current.unread().remove(read.key());
    if (current.unread().isEmpty()) {
      getContext().getLog().info("removed what departed members {} owned", current.departed());
      unswept.removeAll(current.departed());
      sweep = Optional.empty();
      // Members that departed while this sweep ran.
      return sweepIfOldest();
    }
    return this;
  }

  /**
   * This node sweeps if it is the oldest registry member that is Up and not known to have departed.
   * The departures this node has seen are left out even where its view of the cluster does not show
   * them yet (the view is updated apart from the events), so the successor of a lost sweeper takes
   * over at once.
   */
  private boolean isSweeper() {
    Member self = cluster.selfMember();
    if (self.status() != MemberStatus.up() || !self.hasRole(settings.role())) {
      return false;
    }
    List<Member> candidates =
        StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
            .filter(m -> m.status() == MemberStatus.up())
            .filter(m -> m.hasRole(settings.role()))
            .filter(m -> !departedMembers.known(MemberIdentity.of(m)))
            .toList();
    return candidates.stream().reduce((a, b) -> a.isOlderThan(b) ? a : b).map(self::equals).orElse(false);
  }
}
