package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.LeaseResult;
import io.agentfleet.location.api.RegistrationResult.NotFound;
import io.agentfleet.location.api.RegistrationResult.RegisterResult;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.api.RegistrationResult.RegistryUnavailable;
import io.agentfleet.location.api.RegistrationResult.ReserveResult;
import io.agentfleet.location.api.RegistrationResult.Reserved;
import io.agentfleet.location.api.RegistrationResult.UnregisterResult;
import io.agentfleet.location.api.RegistrationResult.Unregistered;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.InProcessMember;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The entity is unavailable rather than wrong, on a three-member cluster in this JVM where the test
 * cuts member A off from the other two (its majority). Entities are started directly on the member
 * a test picks, as sharding starts them where it puts their shard, so a test can move one at will.
 */
class RegistryMajorityTest {
  private static final AtomicInteger names = new AtomicInteger();
  private static final Duration ANSWER = Duration.ofSeconds(15);
  private static final Duration HOLD = Duration.ofSeconds(60);

  private static InProcessMember a;
  private static InProcessMember b;
  private static InProcessMember c;

  @BeforeAll
  static void start() {
    Map<String, Object> settings = new HashMap<>(InProcessMember.partitionable());
    // Short majority timeouts and retries, so an attempt that cannot succeed fails soon.
    settings.put("location-service.registry.read-majority-timeout", "1s");
    settings.put("location-service.registry.write-majority-timeout", "1s");
    settings.put("location-service.registry.retry-backoff-min", "100ms");
    settings.put("location-service.registry.retry-backoff-max", "500ms");
    List<InProcessMember> members = InProcessMember.upTogether(3, settings);
    a = members.get(0);
    b = members.get(1);
    c = members.get(2);
    for (InProcessMember member : List.of(a, b, c)) {
      awaitMajorityReads(member);
    }
  }

  /**
   * Waits until a majority read from {@code member} succeeds. Replicas of a cluster that has just
   * formed do not all answer at once, and the tests below need a majority that is surely there.
   */
  static void awaitMajorityReads(InProcessMember member) {
    var key = ReplicaKeys.forName("ESW.warm-up-Service-http");
    Eventually.await(
        "a majority read from " + member.identity() + " succeeds",
        Duration.ofSeconds(60),
        () -> {
          try {
            var response =
                AskPattern.<Replicator.Command, Replicator.GetResponse<LWWMap<String, RegistryRecord>>>ask(
                        DistributedData.get(member.system()).replicator(),
                        replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(Duration.ofSeconds(2)), replyTo),
                        ANSWER,
                        member.system().scheduler())
                    .toCompletableFuture()
                    .get(ANSWER.toSeconds(), TimeUnit.SECONDS);
            return !(response instanceof Replicator.GetFailure);
          } catch (Exception e) {
            return false;
          }
        });
  }

  @AfterAll
  static void stop() {
    for (InProcessMember member : new InProcessMember[] {c, b, a}) {
      if (member != null) {
        member.close();
      }
    }
  }

  private static Connection fresh() {
    return Connection.parse("ESW.majority" + names.incrementAndGet() + "-Service-http");
  }

  private static Location at(Connection connection, int port) {
    return new Location(connection, URI.create("http://127.0.0.1:" + port + "/"), Map.of(Location.PID, "1"));
  }

  /** The name's entity, started on {@code member}. */
  private static ActorRef<RegistryEntity.Command> entityOn(InProcessMember member, Connection connection) {
    RegistrySettings settings = LocationRegistry.get(member.system()).settings();
    return member.testKit().spawn(RegistryEntity.create(connection.name(), settings, new DepartedMembers(settings.fenceWait())));
  }

  private static void cutOffA() {
    a.cutOffFrom(b);
    a.cutOffFrom(c);
  }

  private static void reconnectA() {
    a.reconnect(b);
    a.reconnect(c);
  }

  private static <T> T ask(InProcessMember member, java.util.function.Function<ActorRef<T>, RegistryEntity.Command> command, ActorRef<RegistryEntity.Command> entity) {
    TestProbe<T> probe = member.testKit().createTestProbe();
    entity.tell(command.apply(probe.ref()));
    return probe.receiveMessage(ANSWER);
  }

  private static ReserveResult reserve(InProcessMember member, ActorRef<RegistryEntity.Command> entity, Connection connection) {
    return ask(member, replyTo -> new RegistryEntity.Reserve(connection, HOLD, member.identity(), java.time.Instant.now().plusSeconds(60), java.util.UUID.randomUUID().toString(), replyTo), entity);
  }

  private static RegisterResult register(InProcessMember member, ActorRef<RegistryEntity.Command> entity, Registration registration) {
    return ask(member, replyTo -> new RegistryEntity.Register(registration, member.identity(), replyTo), entity);
  }

  private static UnregisterResult unregister(InProcessMember member, ActorRef<RegistryEntity.Command> entity, Connection connection, long epoch) {
    return ask(member, replyTo -> new RegistryEntity.Unregister(connection, Optional.of(epoch), replyTo), entity);
  }

  /** Asks until the answer is no longer RegistryUnavailable (the entity retries in the background). */
  private static <T> T onceAvailable(String what, Supplier<T> answer) {
    return Eventually.awaitValue(what, Duration.ofSeconds(30), answer, Predicate.not(RegistryUnavailable.class::isInstance));
  }

  /** What {@code member}'s own replica holds of the name, without asking any other member. */
  private static Optional<RegistryRecord> replicaOf(InProcessMember member, Connection connection) {
    var key = ReplicaKeys.forName(connection.name());
    try {
      Replicator.GetResponse<LWWMap<String, RegistryRecord>> response =
          AskPattern.<Replicator.Command, Replicator.GetResponse<LWWMap<String, RegistryRecord>>>ask(
                  DistributedData.get(member.system()).replicator(),
                  replyTo -> new Replicator.Get<>(key, Replicator.readLocal(), replyTo),
                  ANSWER,
                  member.system().scheduler())
              .toCompletableFuture()
              .get(ANSWER.toSeconds(), TimeUnit.SECONDS);
      if (response instanceof Replicator.GetSuccess<LWWMap<String, RegistryRecord>> success) {
        scala.Option<RegistryRecord> record = success.get(key).get(connection.name());
        return record.isDefined() ? Optional.of(record.get()) : Optional.empty();
      }
      return Optional.empty();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void recoveryWithoutAMajorityAnswersUnavailableAndNeverGrantsFromItsStaleReplica() {
    Connection name = fresh();
    Location live;
    cutOffA();
    try {
      // Changes that B and C confirm while A is cut off: A's replica misses them.
      ActorRef<RegistryEntity.Command> onB = entityOn(b, name);
      long first = assertInstanceOf(Reserved.class, reserve(b, onB, name)).epoch();
      assertInstanceOf(Unregistered.class, unregister(b, onB, name, first));
      live = assertInstanceOf(Registered.class, register(b, onB, Registration.of(at(name, 1)))).location();
      assertEquals(Optional.of(first + 1), live.epoch());
      // The entity moves to A (as when sharding hands its shard over) while A still cannot reach them.
      b.testKit().stop(onB);
      ActorRef<RegistryEntity.Command> onA = entityOn(a, name);

      // A command that arrives during the first recovery attempt waits for it, then hears it failed.
      RegistryUnavailable unavailable = assertInstanceOf(RegistryUnavailable.class, reserve(a, onA, name));
      assertTrue(unavailable.retryAfter().toMillis() > 0, unavailable.toString());
      // Later commands are answered at once, still unavailable: nothing is taken from A's replica,
      // which knows nothing of the live registration.
      assertInstanceOf(RegistryUnavailable.class, register(a, onA, Registration.of(at(name, 2))));
      assertInstanceOf(RegistryUnavailable.class, reserve(a, onA, name));
      assertEquals(Optional.empty(), replicaOf(a, name), "A's replica is stale and nothing was written to it");
      assertEquals(Optional.of(live), replicaOf(b, name).map(r -> ((RegistryRecord.Taken) r).location()));

      reconnectA();
      // With the majority back, the entity serves the true state: the live registration, its epoch.
      AlreadyRegistered taken =
          assertInstanceOf(AlreadyRegistered.class, onceAvailable("A's entity recovers", () -> reserve(a, onA, name)));
      assertEquals(live, taken.existing());
      assertInstanceOf(Unregistered.class, unregister(a, onA, name, live.epoch().orElseThrow()));
      long next = assertInstanceOf(Reserved.class, reserve(a, onA, name)).epoch();
      assertTrue(next > live.epoch().orElseThrow(), next + " > " + live.epoch());
      a.testKit().stop(onA);
    } finally {
      reconnectA();
    }
  }

  @Test
  void anUnconfirmedChangeIsRetriedAndNotActedOnUntilAMajorityHasIt() {
    Connection name = fresh();
    ActorRef<RegistryEntity.Command> onA = entityOn(a, name);
    // Recovered while the majority is reachable.
    assertInstanceOf(NotFound.class, ask(a, (ActorRef<LeaseResult> replyTo) -> new RegistryEntity.RefreshLease(name, Optional.empty(), replyTo), onA));
    Registration first = Registration.of(at(name, 1));
    cutOffA();
    try {
      assertInstanceOf(RegistryUnavailable.class, register(a, onA, first));
      // The change sits in A's replica only: neither a repeat nor a rival is answered from it.
      assertTrue(replicaOf(a, name).isPresent(), "the unconfirmed change is in A's replica");
      assertInstanceOf(RegistryUnavailable.class, register(a, onA, first));
      assertInstanceOf(RegistryUnavailable.class, register(a, onA, Registration.of(at(name, 2))));
      assertInstanceOf(RegistryUnavailable.class, reserve(a, onA, name));
    } finally {
      reconnectA();
    }
    // The entity keeps writing the same change; once a majority has it, it is the agreed state.
    Registered registered =
        assertInstanceOf(Registered.class, onceAvailable("the change is confirmed", () -> register(a, onA, first)));
    assertEquals(URI.create("http://127.0.0.1:1/"), registered.location().uri());
    assertEquals(Optional.of(1L), registered.location().epoch());
    Eventually.await(
        "B's replica has the confirmed change",
        Duration.ofSeconds(10),
        () -> replicaOf(b, name).map(r -> r instanceof RegistryRecord.Taken t && t.location().equals(registered.location())).orElse(false));
    a.testKit().stop(onA);
  }

  @Test
  void epochsOnlyGrowAsTheEntityMovesBetweenMembers() {
    Connection name = fresh();
    long last = 0;
    for (InProcessMember member : List.of(a, b, c, a, c)) {
      ActorRef<RegistryEntity.Command> entity = entityOn(member, name);
      long reserved = assertInstanceOf(Reserved.class, reserve(member, entity, name)).epoch();
      assertTrue(reserved > last, reserved + " > " + last);
      Registered registered =
          assertInstanceOf(Registered.class, register(member, entity, Registration.withEpoch(at(name, 1), reserved)));
      assertEquals(Optional.of(reserved), registered.location().epoch());
      assertInstanceOf(Unregistered.class, unregister(member, entity, name, reserved));
      long direct =
          assertInstanceOf(Registered.class, register(member, entity, Registration.of(at(name, 2)))).location().epoch().orElseThrow();
      assertTrue(direct > reserved, direct + " > " + reserved);
      last = direct;
      // Moved on with the name registered: the next member's entity must know it.
      member.testKit().stop(entity);
      ActorRef<RegistryEntity.Command> next = entityOn(member == c ? a : c, name);
      InProcessMember nextMember = member == c ? a : c;
      ReserveResult afterMove = reserve(nextMember, next, name);
      AlreadyRegistered kept =
          assertInstanceOf(AlreadyRegistered.class, afterMove, "moved from " + member.identity() + " to " + nextMember.identity() + ": " + afterMove);
      assertEquals(Optional.of(direct), kept.existing().epoch());
      assertInstanceOf(Unregistered.class, unregister(nextMember, next, name, direct));
      nextMember.testKit().stop(next);
    }
  }
}
