package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Down;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.InProcessMember;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lost members' names are always freed. Each test downs members, which ends them, so each starts
 * members of its own in this JVM (rather than one kit per class) and closes them after; waiting for
 * failure detection and removal makes it slow, hence an integration test.
 */
class DepartedMemberSweepIT {
  private static final AtomicInteger names = new AtomicInteger();
  private final List<InProcessMember> members = new ArrayList<>();

  @AfterEach
  void stop() {
    // Reconnected first, so a member that was cut off hears it was downed and ends at once.
    for (InProcessMember one : members) {
      for (InProcessMember other : members) {
        if (one != other) {
          try {
            one.reconnect(other);
          } catch (RuntimeException | AssertionError alreadyEnded) {
            // a downed member may have ended already
          }
        }
      }
    }
    for (int i = members.size() - 1; i >= 0; i--) {
      members.get(i).close();
    }
  }

  private InProcessMember member(Optional<InProcessMember> seed) {
    Map<String, Object> settings = new HashMap<>(InProcessMember.partitionable());
    settings.put("location-service.registry.read-majority-timeout", "1s");
    settings.put("location-service.registry.write-majority-timeout", "1s");
    settings.put("location-service.registry.retry-backoff-min", "100ms");
    settings.put("location-service.registry.retry-backoff-max", "500ms");
    InProcessMember member =
        seed.map(s -> InProcessMember.joining(List.of(s.seed()), settings)).orElseGet(() -> InProcessMember.alone(settings));
    members.add(member);
    return member;
  }

  private void awaitAllUp() {
    for (InProcessMember member : members) {
      Eventually.await(
          "every member sees all Up", Duration.ofSeconds(60), () -> upMembers(member).size() == members.size());
    }
    members.forEach(RegistryMajorityTest::awaitMajorityReads);
  }

  private static List<Member> upMembers(InProcessMember member) {
    return StreamSupport.stream(Cluster.get(member.system()).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up())
        .toList();
  }

  private static Set<Connection> registerSome(InProcessMember owner, int count) {
    Set<Connection> registered = new HashSet<>();
    for (int i = 0; i < count; i++) {
      Connection connection = Connection.parse("ESW.swept" + names.incrementAndGet() + "-Service-http");
      Location location = new Location(connection, URI.create("http://127.0.0.1:" + (1000 + i) + "/"), Map.of());
      try {
        assertInstanceOf(
            Registered.class,
            owner.locations().register(Registration.of(location)).toCompletableFuture().get(30, TimeUnit.SECONDS));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      registered.add(connection);
    }
    return registered;
  }

  private static void down(InProcessMember by, InProcessMember lost) {
    Cluster.get(by.system()).manager().tell(new Down(Cluster.get(lost.system()).selfMember().address()));
  }

  /** Whether {@code member}'s own replica holds the name as vacant (freed), without touching its entity. */
  private static boolean vacantIn(InProcessMember member, Connection connection) {
    return recordIn(member, connection).map(record -> record instanceof RegistryRecord.Vacant).orElse(false);
  }

  private static boolean takenIn(InProcessMember member, Connection connection) {
    return recordIn(member, connection).map(record -> record instanceof RegistryRecord.Taken).orElse(false);
  }

  private static Optional<RegistryRecord> recordIn(InProcessMember member, Connection connection) {
    scala.Option<RegistryRecord> record = bucketIn(member, ReplicaKeys.forName(connection.name())).get(connection.name());
    return record.isDefined() ? Optional.of(record.get()) : Optional.empty();
  }

  private static LWWMap<String, RegistryRecord> bucketIn(InProcessMember member, Key<LWWMap<String, RegistryRecord>> key) {
    try {
      Replicator.GetResponse<LWWMap<String, RegistryRecord>> response =
          AskPattern.<Replicator.Command, Replicator.GetResponse<LWWMap<String, RegistryRecord>>>ask(
                  DistributedData.get(member.system()).replicator(),
                  replyTo -> new Replicator.Get<>(key, Replicator.readLocal(), replyTo),
                  Duration.ofSeconds(10),
                  member.system().scheduler())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      return response instanceof Replicator.GetSuccess<LWWMap<String, RegistryRecord>> success
          ? success.get(key)
          : ReplicaKeys.empty();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Stands in for the replicator: the first read of every bucket fails, later ones go to the real one. */
  private static Behavior<Replicator.Command> failingFirstReads(ActorRef<Replicator.Command> real, AtomicInteger failed) {
    Set<Key<?>> once = new HashSet<>();
    return Behaviors.receiveMessage(
        command -> {
          if (command instanceof Replicator.Get<?> get && once.add(get.key())) {
            failed.incrementAndGet();
            @SuppressWarnings({"unchecked", "rawtypes"})
            ActorRef<Replicator.GetResponse<?>> replyTo = (ActorRef) get.replyTo();
            replyTo.tell(new Replicator.GetFailure<>(get.key()));
          } else {
            real.tell(command);
          }
          return Behaviors.same();
        });
  }

  /**
   * Stands in for the replicator: a read fails or succeeds when the real one's does, but answers
   * with the buckets as they were {@code before}, so that names the node's own sweeper frees
   * meanwhile do not hide what the sweeper under test would tell them.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Behavior<Replicator.Command> readsAsOf(
      ActorRef<Replicator.Command> real, Map<Key<?>, LWWMap<String, RegistryRecord>> before) {
    return Behaviors.setup(
        context ->
            Behaviors.receiveMessage(
                command -> {
                  if (command instanceof Replicator.Get<?> get) {
                    Key<LWWMap<String, RegistryRecord>> key = (Key) get.key();
                    ActorRef<Replicator.GetResponse<LWWMap<String, RegistryRecord>>> replyTo = (ActorRef) get.replyTo();
                    ActorRef<Replicator.GetResponse<LWWMap<String, RegistryRecord>>> relay =
                        context.spawnAnonymous(
                            Behaviors.receiveMessage(
                                response -> {
                                  replyTo.tell(
                                      response instanceof Replicator.GetFailure
                                          ? response
                                          : new Replicator.GetSuccess<>(key, before.getOrDefault(key, ReplicaKeys.empty())));
                                  return Behaviors.stopped();
                                }));
                    real.tell(new Replicator.Get<>(key, get.consistency(), relay));
                  } else {
                    real.tell(command);
                  }
                  return Behaviors.same();
                }));
  }

  /** A second sweeper on {@code member} whose messages to entities are recorded, not sent. */
  private static Map<String, Set<String>> recordingSweeper(InProcessMember member, ActorRef<Replicator.Command> replicator) {
    // Every departed member each name was told of: a later sweep may tell a name of another one.
    Map<String, Set<String>> told = new ConcurrentHashMap<>();
    member
        .testKit()
        .spawn(
            DepartedMemberSweeper.create(
                LocationRegistry.get(member.system()).settings(),
                new DepartedMembers(LocationRegistry.get(member.system()).settings().fenceWait()),
                member.testKit().<LocationEvents.Command>createTestProbe().ref(),
                replicator,
                (name, gone) -> told.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(gone.address())));
    return told;
  }

  @Test
  void bucketReadsThatFailAreRetriedUntilTheSweepIsDone() {
    InProcessMember sweeper = member(Optional.empty());
    InProcessMember lost = member(Optional.of(sweeper));
    awaitAllUp();
    String lostIdentity = lost.identity();
    Set<Connection> ofLost = registerSome(lost, 5);
    Map<Key<?>, LWWMap<String, RegistryRecord>> before = new HashMap<>();
    ofLost.forEach(c -> before.put(ReplicaKeys.forName(c.name()), bucketIn(sweeper, ReplicaKeys.forName(c.name()))));
    AtomicInteger failed = new AtomicInteger();
    ActorRef<Replicator.Command> replicator =
        sweeper.testKit().spawn(
            failingFirstReads(sweeper.testKit().spawn(readsAsOf(DistributedData.get(sweeper.system()).replicator(), before)), failed));
    Map<String, Set<String>> told = recordingSweeper(sweeper, replicator);

    down(sweeper, lost);
    Eventually.await(
        "every name of the lost member is told it is gone",
        Duration.ofSeconds(30),
        () -> ofLost.stream().allMatch(c -> told.getOrDefault(c.name(), Set.of()).contains(lostIdentity)));
    assertEquals(ReplicaKeys.BUCKETS, failed.get(), "the first read of every bucket failed");
  }

  @Test
  void namesOfTwoMembersLostTogetherAreFreedAlsoWhenOneOfThemWasTheSweeper() {
    InProcessMember oldest = member(Optional.empty());
    InProcessMember survivor = member(Optional.of(oldest));
    InProcessMember lost = member(Optional.of(oldest));
    awaitAllUp();
    String oldestIdentity = oldest.identity();
    String lostIdentity = lost.identity();
    Set<Connection> ofOldest = registerSome(oldest, 5);
    Set<Connection> ofLost = registerSome(lost, 5);
    Set<Connection> all = new HashSet<>(ofLost);
    all.addAll(ofOldest);
    // A majority may have been the two that are lost: the survivor can only sweep what reached it.
    Eventually.await(
        "the survivor's replica has every name", Duration.ofSeconds(20), () -> all.stream().allMatch(c -> takenIn(survivor, c)));
    Map<Key<?>, LWWMap<String, RegistryRecord>> before = new HashMap<>();
    all.forEach(c -> before.put(ReplicaKeys.forName(c.name()), bucketIn(survivor, ReplicaKeys.forName(c.name()))));
    ActorRef<Replicator.Command> replicator =
        survivor.testKit().spawn(readsAsOf(DistributedData.get(survivor.system()).replicator(), before));
    Map<String, Set<String>> told = recordingSweeper(survivor, replicator);

    // The oldest member, the one that sweeps, is cut off and never gets to sweep for the first loss;
    // then it is lost as well.
    oldest.cutOffFrom(survivor);
    oldest.cutOffFrom(lost);
    down(survivor, lost);
    Eventually.await(
        "the survivor sees the first loss",
        Duration.ofSeconds(20),
        () -> upMembers(survivor).stream().noneMatch(m -> MemberIdentity.of(m).equals(lostIdentity)));
    down(survivor, oldest);

    Eventually.await(
        "the survivor's sweep tells the names of both lost members",
        Duration.ofSeconds(30),
        () ->
            ofLost.stream().allMatch(c -> told.getOrDefault(c.name(), Set.of()).contains(lostIdentity))
                && ofOldest.stream().allMatch(c -> told.getOrDefault(c.name(), Set.of()).contains(oldestIdentity)));
    Eventually.await(
        "every name of both is vacant in the survivor's replica",
        Duration.ofSeconds(30),
        () -> all.stream().allMatch(c -> vacantIn(survivor, c)));
  }
}
