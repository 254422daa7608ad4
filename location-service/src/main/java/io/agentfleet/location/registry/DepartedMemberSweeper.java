package io.agentfleet.location.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import io.agentfleet.location.registry.RegistryRecord.Vacant;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Removes the registrations of members that are downed or removed. The oldest registry member does
 * the sweep: it reads every replica bucket from a majority and tells every entity with a non-vacant
 * name that the member is gone. Telling all of them, not just the ones the member owned, also
 * restarts the entities that lived on the lost node, so their deadlines run again.
 */
public final class DepartedMemberSweeper extends AbstractBehavior<DepartedMemberSweeper.Command> {
  public sealed interface Command permits MemberDeparted, BucketRead {}

  private record MemberDeparted(Member member) implements Command {}

  private record BucketRead(String departed, Optional<LWWMap<String, RegistryRecord>> map) implements Command {}

  private final ReplicatorMessageAdapter<Command, LWWMap<String, RegistryRecord>> replicator;
  private final RegistrySettings settings;
  private final ClusterSharding sharding;
  private final Cluster cluster;

  private final DepartedMembers departedMembers;
  private final ActorRef<LocationEvents.Command> events;

  public static Behavior<Command> create(
      RegistrySettings settings, DepartedMembers departedMembers, ActorRef<LocationEvents.Command> events) {
    return Behaviors.setup(
        ctx ->
            DistributedData.withReplicatorMessageAdapter(
                (ReplicatorMessageAdapter<Command, LWWMap<String, RegistryRecord>> replicator) ->
                    new DepartedMemberSweeper(ctx, replicator, settings, departedMembers, events)));
  }

  private DepartedMemberSweeper(
      ActorContext<Command> context,
      ReplicatorMessageAdapter<Command, LWWMap<String, RegistryRecord>> replicator,
      RegistrySettings settings,
      DepartedMembers departedMembers,
      ActorRef<LocationEvents.Command> events) {
    super(context);
    this.replicator = replicator;
    this.departedMembers = departedMembers;
    this.events = events;
    this.settings = settings;
    this.sharding = ClusterSharding.get(context.getSystem());
    this.cluster = Cluster.get(context.getSystem());
    var downed =
        context.messageAdapter(ClusterEvent.MemberDowned.class, event -> new MemberDeparted(event.member()));
    var removed =
        context.messageAdapter(ClusterEvent.MemberRemoved.class, event -> new MemberDeparted(event.member()));
    cluster.subscriptions().tell(Subscribe.create(downed, ClusterEvent.MemberDowned.class));
    cluster.subscriptions().tell(Subscribe.create(removed, ClusterEvent.MemberRemoved.class));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(MemberDeparted.class, this::onMemberDeparted)
        .onMessage(BucketRead.class, this::onBucketRead)
        .build();
  }

  private Behavior<Command> onMemberDeparted(MemberDeparted departed) {
    String address = MemberIdentity.of(departed.member());
    departedMembers.add(address);
    events.tell(new LocationEvents.OwnerDeparted(address));
    if (!isOldestRegistryMemberBesides(departed.member())) {
      return this;
    }
    getContext().getLog().info("member {} is gone ({}), removing what it owned", address, departed.member().status());
    Duration timeout = settings.readMajorityTimeout();
    for (var key : ReplicaKeys.all()) {
      replicator.askGet(
          replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(timeout), replyTo),
          response ->
              response instanceof Replicator.GetSuccess<LWWMap<String, RegistryRecord>> success
                  ? new BucketRead(address, Optional.of(success.get(key)))
                  : new BucketRead(address, Optional.empty()));
    }
    return this;
  }

  private Behavior<Command> onBucketRead(BucketRead read) {
    read.map()
        .ifPresent(
            map ->
                map.getEntries()
                    .forEach(
                        (name, record) -> {
                          if (!(record instanceof Vacant)) {
                            sharding
                                .entityRefFor(RegistryEntity.TYPE_KEY, name)
                                .tell(new RegistryEntity.MemberGone(read.departed()));
                          }
                        }));
    return this;
  }

  private boolean isOldestRegistryMemberBesides(Member departed) {
    Optional<Member> oldest =
        StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
            .filter(m -> !m.equals(departed))
            .filter(m -> m.status() == MemberStatus.up() || m.status() == MemberStatus.weaklyUp())
            .filter(m -> m.hasRole(settings.role()))
            .reduce((a, b) -> a.isOlderThan(b) ? a : b);
    return oldest.map(m -> m.equals(cluster.selfMember())).orElse(false);
  }
}
