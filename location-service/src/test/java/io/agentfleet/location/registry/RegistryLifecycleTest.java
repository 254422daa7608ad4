package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.AlreadyReserved;
import io.agentfleet.location.api.RegistrationResult.LeaseRefreshed;
import io.agentfleet.location.api.RegistrationResult.NotFound;
import io.agentfleet.location.api.RegistrationResult.RegisterResult;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.api.RegistrationResult.Reserved;
import io.agentfleet.location.api.RegistrationResult.ReserveResult;
import io.agentfleet.location.api.RegistrationResult.RegistryUnavailable;
import io.agentfleet.location.api.RegistrationResult.StaleEpoch;
import io.agentfleet.location.api.RegistrationResult.Unregistered;
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.api.TrackingSubscription;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.InProcessMember;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The entity's state machine, driven through the service on a one-member cluster. */
class RegistryLifecycleTest {
  private static final AtomicInteger names = new AtomicInteger();
  private static InProcessMember node;
  private static ClusterLocationService locations;

  @BeforeAll
  static void start() {
    node = InProcessMember.alone();
    locations = node.locations();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Connection fresh() {
    return Connection.parse("ESW.c" + names.incrementAndGet() + "-Service-http");
  }

  private static Location at(Connection connection, int port) {
    return new Location(connection, URI.create("http://127.0.0.1:" + port + "/"), Map.of(Location.PID, "1"));
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void registerIfAbsentGivesTheNameToTheFirstOnly() {
    Connection c = fresh();
    Registered first = assertInstanceOf(Registered.class, await(locations.register(Registration.of(at(c, 1)))));
    assertEquals("1", first.location().metadata().get(Location.EPOCH));
    AlreadyRegistered second = assertInstanceOf(AlreadyRegistered.class, await(locations.register(Registration.of(at(c, 2)))));
    assertEquals(first.location(), second.existing());
    assertEquals(Optional.of(first.location()), await(locations.find(c)));
  }

  @Test
  void repeatingTheSameRegistrationIsAnsweredAsDone() {
    Connection c = fresh();
    Registered first = assertInstanceOf(Registered.class, await(locations.register(Registration.of(at(c, 1)))));
    Registered again = assertInstanceOf(Registered.class, await(locations.register(Registration.of(at(c, 1)))));
    assertEquals(first.location(), again.location());
  }

  @Test
  void reservationThenRegistrationWithItsEpoch() {
    Connection c = fresh();
    Reserved reserved = assertInstanceOf(Reserved.class, await(locations.reserve(c, Duration.ofSeconds(30))));
    assertInstanceOf(AlreadyReserved.class, await(locations.reserve(c, Duration.ofSeconds(30))));
    assertInstanceOf(AlreadyReserved.class, await(locations.register(Registration.of(at(c, 1)))));
    StaleEpoch stale =
        assertInstanceOf(StaleEpoch.class, await(locations.register(Registration.withEpoch(at(c, 1), reserved.epoch() + 1))));
    assertEquals(Optional.of(reserved.epoch()), stale.current());
    Registered registered =
        assertInstanceOf(Registered.class, await(locations.register(Registration.withEpoch(at(c, 1), reserved.epoch()))));
    assertEquals(Optional.of(reserved.epoch()), registered.location().epoch());
    assertInstanceOf(AlreadyRegistered.class, await(locations.reserve(c, Duration.ofSeconds(30))));
  }

  @Test
  void epochsStrictlyIncreaseAcrossReservations() {
    Connection c = fresh();
    long first = assertInstanceOf(Reserved.class, await(locations.reserve(c, Duration.ofSeconds(30)))).epoch();
    assertInstanceOf(Unregistered.class, await(locations.unregister(c, first)));
    long second = assertInstanceOf(Reserved.class, await(locations.reserve(c, Duration.ofSeconds(30)))).epoch();
    assertTrue(second > first, second + " > " + first);
    assertInstanceOf(StaleEpoch.class, await(locations.register(Registration.withEpoch(at(c, 1), first))));
  }

  @Test
  void lapsedReservationIsReleasedAndItsEpochRefused() {
    Connection c = fresh();
    Reserved reserved = assertInstanceOf(Reserved.class, await(locations.reserve(c, Duration.ofMillis(300))));
    // Once lapsed, the name can be reserved again, with a newer epoch.
    var again =
        Eventually.awaitValue(
            "the reservation lapses",
            Duration.ofSeconds(10),
            () -> await(locations.reserve(c, Duration.ofSeconds(30))),
            r -> r instanceof Reserved);
    assertTrue(((Reserved) again).epoch() > reserved.epoch());
    assertInstanceOf(StaleEpoch.class, await(locations.register(Registration.withEpoch(at(c, 1), reserved.epoch()))));
  }

  @Test
  void fencedUnregisterLeavesANewerRegistrationAlone() {
    Connection c = fresh();
    Registered old = assertInstanceOf(Registered.class, await(locations.register(Registration.of(at(c, 1)))));
    long oldEpoch = old.location().epoch().orElseThrow();
    assertInstanceOf(Unregistered.class, await(locations.unregister(c)));
    assertInstanceOf(Registered.class, await(locations.register(Registration.of(at(c, 2)))));
    assertInstanceOf(StaleEpoch.class, await(locations.unregister(c, oldEpoch)));
    assertTrue(await(locations.find(c)).isPresent());
    assertInstanceOf(NotFound.class, await(locations.unregister(fresh())));
  }

  @Test
  void registrationWithoutLeaseRefreshLapses() {
    Connection c = fresh();
    assertInstanceOf(Registered.class, await(locations.register(Registration.of(at(c, 1)).withLease(Duration.ofMillis(400)))));
    Eventually.await("the lease lapses", Duration.ofSeconds(10), () -> await(locations.find(c)).isEmpty());
  }

  @Test
  void refreshedLeaseKeepsTheRegistration() {
    Connection c = fresh();
    assertInstanceOf(Registered.class, await(locations.register(Registration.of(at(c, 1)).withLease(Duration.ofSeconds(2)))));
    long twoLeases = System.nanoTime() + Duration.ofSeconds(4).toNanos();
    Eventually.await(
        "two lease periods pass with the registration refreshed and kept",
        Duration.ofSeconds(10),
        () -> {
          assertInstanceOf(LeaseRefreshed.class, await(locations.refreshLease(c)));
          assertTrue(await(locations.find(c)).isPresent(), "still registered");
          return System.nanoTime() > twoLeases;
        });
  }

  @Test
  void listsFilterByTypePrefixHostnameAndConnectionType() {
    Connection hcd = Connection.parse("TCS.filter" + names.incrementAndGet() + "-HCD-akka");
    Connection service = Connection.parse("TCS.pk" + names.incrementAndGet() + "-Service-http");
    await(locations.register(Registration.of(new Location(hcd, URI.create("akka://fleet@h1:1/user/x"), Map.of(Location.HOSTNAME, "h1")))));
    await(locations.register(Registration.of(new Location(service, URI.create("http://h2:1/"), Map.of()))));
    Eventually.await("the listing view has both", Duration.ofSeconds(5), () -> names(await(locations.list())).containsAll(List.of(hcd, service)));
    assertEquals(List.of(hcd), names(await(locations.list(ComponentType.HCD))));
    assertTrue(names(await(locations.list(ConnectionType.HTTP))).contains(service));
    assertEquals(List.of(hcd), names(await(locations.listByHostname("h1"))));
    assertEquals(List.of(service), names(await(locations.listByHostname("h2"))));
    assertEquals(List.of(hcd), names(await(locations.listByPrefix(hcd.prefix().toString()))));
    assertTrue(names(await(locations.list())).containsAll(List.of(hcd, service)));
  }

  @Test
  void resolveWaitsForARegistration() {
    Connection c = fresh();
    CompletableFuture<Optional<Location>> resolved = locations.resolve(c, Duration.ofSeconds(10)).toCompletableFuture();
    assertTrue(!resolved.isDone());
    await(locations.register(Registration.of(at(c, 1))));
    assertEquals(c, await(resolved).orElseThrow().connection());
    assertEquals(Optional.empty(), await(locations.resolve(fresh(), Duration.ofMillis(200))));
  }

  @Test
  void trackSeesCurrentStateThenChanges() {
    Connection c = fresh();
    await(locations.register(Registration.of(at(c, 1))));
    List<TrackingEvent> events = new CopyOnWriteArrayList<>();
    try (TrackingSubscription ignored = locations.track(c, events::add)) {
      Eventually.await("the current location is reported", Duration.ofSeconds(5), () -> events.size() == 1);
      await(locations.unregister(c));
      Eventually.await("the removal is reported", Duration.ofSeconds(5), () -> events.size() == 2);
      await(locations.register(Registration.of(at(c, 2))));
      Eventually.await("the new location is reported", Duration.ofSeconds(5), () -> events.size() == 3);
    }
    assertInstanceOf(TrackingEvent.LocationUpdated.class, events.get(0));
    assertEquals(new TrackingEvent.LocationRemoved(c), events.get(1));
    assertEquals(URI.create("http://127.0.0.1:2/"), ((TrackingEvent.LocationUpdated) events.get(2)).location().uri());
  }

  /**
   * An owner that is not in the cluster view, as a removed member is not; one of its own per test,
   * since the node remembers since when each owner is gone.
   */
  private static String goneOwner() {
    return "akka://fleet@127.0.0.1:1#" + names.incrementAndGet();
  }

  /** Longer than the fence of a gone owner, for a busy machine. */
  private static Duration afterTheFence() {
    return LocationRegistry.get(node.system()).settings().fenceWait().plusSeconds(15);
  }

  @Test
  void aRegistrationWhoseOwnerIsNoLongerAMemberIsFreedOnceTheWitnessesConfirm() {
    // This node's own witness never vouched for the owner: a majority (this one member) confirms at once.
    Connection c = fresh();
    Registered orphan =
        assertInstanceOf(Registered.class, await(locations.registerOwnedBy(Registration.of(at(c, 1)), goneOwner())));
    long orphanEpoch = orphan.location().epoch().orElseThrow();
    Reserved reserved = (Reserved) Eventually.awaitValue("the name is free once fenced", afterTheFence(),
        () -> await(locations.reserve(c, Duration.ofSeconds(30))), r -> r instanceof Reserved);
    assertTrue(reserved.epoch() > orphanEpoch, reserved.epoch() + " > " + orphanEpoch);
  }

  @Test
  void aGoneOwnersNamesAreKeptUntilItsLeasesAreConfirmedToHaveRunOutThenFreed() {
    // An entity of its own, whose departed members nobody confirms until the test does.
    RegistrySettings settings = LocationRegistry.get(node.system()).settings();
    DepartedMembers departed = new DepartedMembers(Duration.ZERO);
    Connection c = fresh();
    var entity = node.testKit().spawn(RegistryEntity.create(c.name(), settings, departed));
    String owner = goneOwner();
    java.time.Instant answerBy = java.time.Instant.now().plusSeconds(60);
    long heldEpoch = assertInstanceOf(Reserved.class, RegistryLifecycleTest.<ReserveResult>askEntity(entity,
        replyTo -> new RegistryEntity.Reserve(c, Duration.ofSeconds(60), owner, answerBy, "r", replyTo))).epoch();
    String self = LocationRegistry.get(node.system()).service().selfAddress();
    Eventually.await("the owner is noted gone", afterTheFence(), () -> {
      RegistryLifecycleTest.<RegisterResult>askEntity(entity, replyTo -> new RegistryEntity.Register(Registration.of(at(c, 2)), self, replyTo));
      return departed.known(owner);
    });
    // However long it has been, without the confirmation the name stays held.
    assertInstanceOf(AlreadyReserved.class,
        RegistryLifecycleTest.<RegisterResult>askEntity(entity, replyTo -> new RegistryEntity.Register(Registration.of(at(c, 2)), self, replyTo)));
    departed.confirm(owner);
    Registered registered = (Registered) Eventually.awaitValue("the name is free once confirmed", afterTheFence(),
        () -> RegistryLifecycleTest.<RegisterResult>askEntity(entity, replyTo -> new RegistryEntity.Register(Registration.of(at(c, 2)), self, replyTo)),
        r -> r instanceof Registered);
    assertTrue(registered.location().epoch().orElseThrow() > heldEpoch);
  }

  private static <T> T askEntity(akka.actor.typed.ActorRef<RegistryEntity.Command> entity,
      java.util.function.Function<akka.actor.typed.ActorRef<T>, RegistryEntity.Command> command) {
    return await(akka.actor.typed.javadsl.AskPattern.ask(entity, command::apply, Duration.ofSeconds(20), node.system().scheduler()));
  }

  @Test
  void aReservationThatReachesItsEntityAfterItsCallerGaveUpIsNotGranted() {
    Connection c = fresh();
    String owner = LocationRegistry.get(node.system()).service().selfAddress();
    // As when the reserve waited in a shard region's buffer while its shard was re-homed.
    java.time.Instant gaveUp = java.time.Instant.now().minusSeconds(1);
    RegistryUnavailable late = assertInstanceOf(RegistryUnavailable.class, await(
        akka.cluster.sharding.typed.javadsl.ClusterSharding.get(node.system())
            .entityRefFor(RegistryEntity.TYPE_KEY, c.name())
            .<ReserveResult>ask(replyTo -> new RegistryEntity.Reserve(c, Duration.ofSeconds(30), owner, gaveUp, "late-1", replyTo), Duration.ofSeconds(20))));
    assertTrue(late.message().contains("after its caller gave up"), late.message());
    // Nothing was held for nobody: the next reservation gets the name at once, with the first epoch.
    assertEquals(1, assertInstanceOf(Reserved.class, await(locations.reserve(c, Duration.ofSeconds(30)))).epoch());
  }

  @Test
  void aReserveSentAgainIsAnsweredWithTheHoldItTook() {
    Connection c = fresh();
    String owner = LocationRegistry.get(node.system()).service().selfAddress();
    java.time.Instant answerBy = java.time.Instant.now().plusSeconds(60);
    // As when the first answer was lost or late and the caller sent the same reserve again.
    Reserved first = assertInstanceOf(Reserved.class, await(reserveDirectly(c, owner, answerBy, "request-a")));
    Reserved again = assertInstanceOf(Reserved.class, await(reserveDirectly(c, owner, answerBy, "request-a")));
    assertEquals(first, again);
    // Another reserve, even by the same member, is refused: the name is held.
    assertEquals(first.epoch(), assertInstanceOf(AlreadyReserved.class, await(reserveDirectly(c, owner, answerBy, "request-b"))).epoch());
    assertInstanceOf(AlreadyReserved.class, await(locations.reserve(c, Duration.ofSeconds(30))));
  }

  private static CompletionStage<ReserveResult> reserveDirectly(Connection c, String owner, java.time.Instant answerBy, String request) {
    return akka.cluster.sharding.typed.javadsl.ClusterSharding.get(node.system())
        .entityRefFor(RegistryEntity.TYPE_KEY, c.name())
        .ask(replyTo -> new RegistryEntity.Reserve(c, Duration.ofSeconds(30), owner, answerBy, request, replyTo), Duration.ofSeconds(20));
  }

  @Test
  void aLiveOwnersNameIsKeptWhenTouched() {
    Connection c = fresh();
    Registered mine = assertInstanceOf(Registered.class, await(locations.register(Registration.of(at(c, 1)))));
    assertEquals(mine.location(), assertInstanceOf(AlreadyRegistered.class, await(locations.reserve(c, Duration.ofSeconds(30)))).existing());
    assertInstanceOf(Unregistered.class, await(locations.unregister(c)));
  }

  @Test
  void fleetMembersAreNeverWeaklyUp() {
    // The entity takes an owner missing from its view for removed; WeaklyUp members would break that.
    assertEquals("off", node.system().settings().config().getString("akka.cluster.allow-weakly-up-members"));
  }

  private static List<Connection> names(List<Location> locations) {
    return locations.stream().map(Location::connection).toList();
  }
}
