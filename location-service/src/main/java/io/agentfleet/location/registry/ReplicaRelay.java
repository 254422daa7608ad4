package io.agentfleet.location.registry;

import akka.actor.ActorPath;
import akka.actor.AddressFromURIString;
import akka.actor.ExtendedActorSystem;
import akka.actor.RootActorPath;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.UniqueAddress;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.ReplicatedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.ddata.typed.javadsl.ReplicatorSettings;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stands in for the replicator on a member without the registry role, which keeps no replica of its
 * own: it relays reads (Get, at any consistency) and subscriptions to the replicator of one registry
 * member ({@link RegistryReadTarget}), and when that member is lost or unreachable, to another, where
 * it subscribes again to every key followed here. The new replicator sends each followed key as it
 * has it, so the view catches up at once. Writes are not relayed: registry changes go through the
 * entities, which run on registry members only, and a replicated store of a member's own needs the role.
 *
 * <p>One feed actor per registry member read through is the remote replicator's only subscriber from
 * this member, however many keys are followed: the remote side watches one actor, and changes that
 * the previous member sent after the move are told apart from the current member's by their feed.
 */
public final class ReplicaRelay extends AbstractBehavior<Object> {
  /** A membership or reachability change, as the cluster told this actor (in order). */
  private record ClusterChanged(Object event) {}

  /** Time to subscribe again through feed number {@code feed} (see {@link #RESUBSCRIBE_AFTER}). */
  private record Resubscribe(int feed) {}

  /**
   * A registry member that has not yet seen this member Up, while it still remembers a removed member
   * at this member's address (a host restarted: same host and port, a new incarnation), answers its
   * replicator's watch of the feed at once with Terminated, and so drops the subscription without a
   * word (Akka's ClusterRemoteWatcher). Seen in PartitionFencingIT and NonRegistryMemberIT. So the relay
   * subscribes again a little later, when the member surely has seen this one Up; a subscription that
   * held is unchanged by it (the member only sends each bucket once more).
   */
  private static final List<Duration> RESUBSCRIBE_AFTER = List.of(Duration.ofSeconds(2), Duration.ofSeconds(8));

  /** A change from the feed of registry member number {@code feed}. */
  private record FeedChanged(int feed, Key<ReplicatedData> key, ReplicatedData data) {}

  private final Cluster cluster;
  private final TimerScheduler<Object> timers;
  private final String role;
  private final String replicatorName;
  private final akka.cluster.ddata.ReplicatorSettings replicatorSettings;
  private final AtomicReference<Optional<String>> readsThrough;
  // Who follows which key here, and the latest value of each, for a second follower of a key.
  private final Map<Key<ReplicatedData>, List<ActorRef<Replicator.SubscribeResponse<ReplicatedData>>>> followers = new HashMap<>();
  private final Map<Key<ReplicatedData>, ReplicatedData> latest = new HashMap<>();
  private final Map<UniqueAddress, Member> members = new HashMap<>();
  private final Set<UniqueAddress> unreachable = new HashSet<>();
  private Optional<Target> target = Optional.empty();
  private int feeds;

  /** The registry member read through: its replicator, this member's feed of its changes, and a typed face for reads. */
  private record Target(String address, akka.actor.ActorRef replicator, int feed, akka.actor.ActorRef feedRef,
      ActorRef<Replicator.Command> reads) {}

  /**
   * The relay; its ref, narrowed, is this member's replicator ({@link LocationRegistry#replicator}).
   * {@code readsThrough} is told the registry member it reads through, for health reports.
   */
  static Behavior<Object> create(String role, AtomicReference<Optional<String>> readsThrough) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ReplicaRelay(ctx, timers, role, readsThrough)));
  }

  private ReplicaRelay(
      ActorContext<Object> context, TimerScheduler<Object> timers, String role, AtomicReference<Optional<String>> readsThrough) {
    super(context);
    this.timers = timers;
    this.cluster = Cluster.get(context.getSystem());
    this.role = role;
    this.readsThrough = readsThrough;
    this.replicatorName = context.getSystem().settings().config().getString("akka.cluster.distributed-data.name");
    this.replicatorSettings = ReplicatorSettings.create(context.getSystem());
    // The membership comes from the events themselves, in order: the cluster's read view
    // (selfMember, state) may be updated only after this actor hears an event, and a choice made on
    // it could miss this member's own MemberUp and then wait for the next change of the cluster.
    ActorRef<Object> changed = context.messageAdapter(Object.class, ClusterChanged::new);
    cluster.subscriptions().tell(Subscribe.create(changed.narrow(), ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(Subscribe.create(changed.narrow(), ClusterEvent.ReachabilityEvent.class));
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Replicator.Subscribe.class, this::onSubscribe)
        .onMessage(Replicator.Unsubscribe.class, this::onUnsubscribe)
        .onMessage(Replicator.Get.class, this::onGet)
        .onMessage(Replicator.Command.class, this::onOtherCommand)
        .onMessage(FeedChanged.class, this::onFeedChanged)
        .onMessage(Resubscribe.class, this::onResubscribe)
        .onMessage(ClusterChanged.class, this::onClusterChanged)
        .build();
  }

  @SuppressWarnings("unchecked")
  private Behavior<Object> onSubscribe(Replicator.Subscribe<?> subscribe) {
    Key<ReplicatedData> key = (Key<ReplicatedData>) subscribe.key();
    var subscriber = (ActorRef<Replicator.SubscribeResponse<ReplicatedData>>) (ActorRef<?>) subscribe.subscriber();
    List<ActorRef<Replicator.SubscribeResponse<ReplicatedData>>> ofKey = followers.computeIfAbsent(key, k -> new ArrayList<>());
    ofKey.add(subscriber);
    if (ofKey.size() == 1) {
      target.ifPresent(t -> follow(t, key));
    } else if (latest.containsKey(key)) {
      subscriber.tell(new Replicator.Changed<>(key, latest.get(key)));
    }
    return this;
  }

  @SuppressWarnings("unchecked")
  private Behavior<Object> onUnsubscribe(Replicator.Unsubscribe<?> unsubscribe) {
    Key<ReplicatedData> key = (Key<ReplicatedData>) unsubscribe.key();
    List<ActorRef<Replicator.SubscribeResponse<ReplicatedData>>> ofKey = followers.getOrDefault(key, new ArrayList<>());
    ofKey.remove(unsubscribe.subscriber());
    if (ofKey.isEmpty()) {
      followers.remove(key);
      latest.remove(key);
      target.ifPresent(t -> t.replicator().tell(new akka.cluster.ddata.Replicator.Unsubscribe<>(key, t.feedRef()), akka.actor.ActorRef.noSender()));
    }
    return this;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onGet(Replicator.Get get) {
    if (target.isPresent()) {
      target.get().reads().tell(get);
    } else {
      // No registry member to read through: the caller hears at once, as from a failed read.
      get.replyTo().tell(new Replicator.GetFailure(get.key()));
    }
    return this;
  }

  private Behavior<Object> onOtherCommand(Replicator.Command command) {
    getContext().getLog().warn(
        "{} dropped: this member has no registry role ({}), so it keeps no replica to write", command.getClass().getSimpleName(), role);
    return this;
  }

  private Behavior<Object> onFeedChanged(FeedChanged changed) {
    // A change the previous registry member sent before it heard that this member moved is dropped.
    if (target.isEmpty() || target.get().feed() != changed.feed() || !followers.containsKey(changed.key())) {
      return this;
    }
    latest.put(changed.key(), changed.data());
    followers.get(changed.key()).forEach(subscriber -> subscriber.tell(new Replicator.Changed<>(changed.key(), changed.data())));
    return this;
  }

  private Behavior<Object> onClusterChanged(ClusterChanged changed) {
    Object event = changed.event();
    if (event instanceof ClusterEvent.CurrentClusterState state) {
      members.clear();
      state.getMembers().forEach(m -> members.put(m.uniqueAddress(), m));
      unreachable.clear();
      state.getUnreachable().forEach(m -> unreachable.add(m.uniqueAddress()));
    } else if (event instanceof ClusterEvent.MemberRemoved removed) {
      members.remove(removed.member().uniqueAddress());
      unreachable.remove(removed.member().uniqueAddress());
    } else if (event instanceof ClusterEvent.MemberEvent memberEvent) {
      members.put(memberEvent.member().uniqueAddress(), memberEvent.member());
    } else if (event instanceof ClusterEvent.UnreachableMember lost) {
      unreachable.add(lost.member().uniqueAddress());
    } else if (event instanceof ClusterEvent.ReachableMember back) {
      unreachable.remove(back.member().uniqueAddress());
    }
    return retarget();
  }

  private Behavior<Object> retarget() {
    // Only once this member is Up: Akka makes it Up after every reachable member has seen it join,
    // so the registry member it subscribes at knows this incarnation (a member restarted at the
    // address of a lost one is otherwise taken for the old one there).
    Member self = members.get(cluster.selfMember().uniqueAddress());
    boolean selfUp = self != null && (self.status() == MemberStatus.up() || self.status() == MemberStatus.leaving());
    List<String> candidates =
        !selfUp
            ? List.of()
            : members.values().stream()
                .filter(m -> m.status() == MemberStatus.up() && m.hasRole(role) && !unreachable.contains(m.uniqueAddress()))
                .map(m -> m.address().toString())
                .toList();
    Optional<String> current = target.map(Target::address);
    Optional<String> chosen = RegistryReadTarget.choose(current, candidates, cluster.selfMember().address().toString());
    if (chosen.equals(current)) {
      return this;
    }
    target.ifPresent(this::leave);
    target = chosen.map(this::readThrough);
    readsThrough.set(chosen);
    if (target.isPresent()) {
      getContext().getLog().info("reading the registry through {}", chosen.get());
      followers.keySet().forEach(key -> follow(target.get(), key));
      for (int i = 0; i < RESUBSCRIBE_AFTER.size(); i++) {
        timers.startSingleTimer("resubscribe-" + i, new Resubscribe(target.get().feed()), RESUBSCRIBE_AFTER.get(i));
      }
    } else if (selfUp) {
      getContext().getLog().warn("no registry member ({} role) is up and reachable: registry reads fail until one is", role);
    }
    return this;
  }

  private Behavior<Object> onResubscribe(Resubscribe resubscribe) {
    target.filter(t -> t.feed() == resubscribe.feed()).ifPresent(t -> followers.keySet().forEach(key -> follow(t, key)));
    return this;
  }

  private void follow(Target to, Key<ReplicatedData> key) {
    to.replicator().tell(new akka.cluster.ddata.Replicator.Subscribe<>(key, to.feedRef()), akka.actor.ActorRef.noSender());
  }

  /** Ends what this member had at a registry member it no longer reads through. */
  private void leave(Target old) {
    // If it is alive (it was only unreachable for a moment), it stops sending; if not, nothing is lost.
    followers.keySet().forEach(
        key -> old.replicator().tell(new akka.cluster.ddata.Replicator.Unsubscribe<>(key, old.feedRef()), akka.actor.ActorRef.noSender()));
    getContext().stop(Adapter.toTyped(old.feedRef()));
    getContext().stop(old.reads());
  }

  private Target readThrough(String address) {
    ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(getContext().getSystem());
    ActorPath path = new RootActorPath(AddressFromURIString.parse(address), "/").$div("system").$div(replicatorName);
    akka.actor.ActorRef replicator = classic.provider().resolveActorRef(path);
    int feed = ++feeds;
    ActorRef<Object> self = getContext().getSelf();
    ActorRef<Object> feedRef = getContext().spawn(feed(feed, self), "feed-" + feed);
    ActorRef<Replicator.Command> reads = getContext().spawn(Replicator.behavior(replicatorSettings, replicator), "reads-" + feed);
    return new Target(address, replicator, feed, Adapter.toClassic(feedRef), reads);
  }

  /** Receives the remote replicator's (classic) change notifications and hands them to the relay, tagged. */
  @SuppressWarnings("unchecked")
  private static Behavior<Object> feed(int feed, ActorRef<Object> relay) {
    return Behaviors.receiveMessage(message -> {
      if (message instanceof akka.cluster.ddata.Replicator.Changed<?> changed) {
        relay.tell(new FeedChanged(feed, (Key<ReplicatedData>) changed.key(), changed.dataValue()));
      }
      return Behaviors.same();
    });
  }
}
