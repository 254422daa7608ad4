package io.agentfleet.location.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.AlreadyReserved;
import io.agentfleet.location.api.RegistrationResult.LeaseRefreshed;
import io.agentfleet.location.api.RegistrationResult.NotFound;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.api.RegistrationResult.RegistryUnavailable;
import io.agentfleet.location.api.RegistrationResult.Reserved;
import io.agentfleet.location.api.RegistrationResult.StaleEpoch;
import io.agentfleet.location.api.RegistrationResult.Unregistered;
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.api.TrackingSubscription;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.InProcessMember;
import io.agentfleet.location.testkit.JsonHttp;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Akka-free client against a real registry member's HTTP API. */
class HttpLocationServiceTest {
  private static final AtomicInteger names = new AtomicInteger();
  private static InProcessMember node;
  private static HttpLocationService client;
  private static URI base;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessMember.alone(Map.of("location-service.http.port", 0));
    base = node.serveRegistryHttp();
    client = HttpLocationService.connect(base);
  }

  @AfterAll
  static void stop() {
    client.close();
    node.close();
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Connection fresh() {
    return Connection.parse("ESW.cl" + names.incrementAndGet() + "-Service-http");
  }

  private static Location at(Connection c, int port) {
    return new Location(c, URI.create("http://127.0.0.1:" + port + "/"), Map.of(Location.PID, "9", Location.HOSTNAME, "hostA"));
  }

  @Test
  void everyResultComesBackAsItsValue() {
    Connection c = fresh();
    Registered registered = assertInstanceOf(Registered.class, await(client.register(Registration.of(at(c, 1)))));
    assertEquals(Optional.of(1L), registered.location().epoch());
    AlreadyRegistered taken = assertInstanceOf(AlreadyRegistered.class, await(client.register(Registration.of(at(c, 2)))));
    assertEquals(registered.location(), taken.existing());
    assertEquals(Optional.of(registered.location()), await(client.find(c)));
    assertInstanceOf(StaleEpoch.class, await(client.unregister(c, 7)));
    assertInstanceOf(Unregistered.class, await(client.unregister(c, 1)));
    assertInstanceOf(NotFound.class, await(client.unregister(c, 1)));
    assertEquals(Optional.empty(), await(client.find(c)));

    Connection r = fresh();
    Reserved reserved = assertInstanceOf(Reserved.class, await(client.reserve(r, Duration.ofSeconds(30))));
    AlreadyReserved held = assertInstanceOf(AlreadyReserved.class, await(client.reserve(r, Duration.ofSeconds(30))));
    assertEquals(reserved.epoch(), held.epoch());
    assertInstanceOf(Registered.class, await(client.register(Registration.withEpoch(at(r, 3), reserved.epoch()))));
  }

  @Test
  void listsFilter() {
    Connection c = Connection.parse("TCS.lf" + names.incrementAndGet() + "-Assembly-tcp");
    await(client.register(Registration.of(new Location(c, URI.create("tcp://127.0.0.1:5/"), Map.of(Location.HOSTNAME, "host b")))));
    Eventually.await("the listing view has it", Duration.ofSeconds(5), () -> await(client.list()).stream().anyMatch(l -> l.connection().equals(c)));
    assertEquals(List.of(c), await(client.list(ComponentType.Assembly)).stream().map(Location::connection).toList());
    assertEquals(List.of(c), await(client.list(ConnectionType.TCP)).stream().map(Location::connection).toList());
    assertEquals(List.of(c), await(client.listByHostname("host b")).stream().map(Location::connection).toList());
    assertEquals(List.of(c), await(client.listByPrefix(c.prefix().toString())).stream().map(Location::connection).toList());
    assertTrue(await(client.list()).stream().anyMatch(l -> l.connection().equals(c)));
  }

  @Test
  void aLeasedRegistrationIsKeptAliveUntilUnregistered() {
    Connection c = fresh();
    assertInstanceOf(Registered.class, await(client.register(Registration.of(at(c, 1)).withLease(Duration.ofSeconds(1)))));
    assertTrue(client.leased().contains(c));
    long threeLeases = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    Eventually.await("three lease periods pass with the registration kept", Duration.ofSeconds(10), () -> {
      assertTrue(await(client.find(c)).isPresent(), "still registered");
      return System.nanoTime() > threeLeases;
    });
    assertInstanceOf(LeaseRefreshed.class, await(client.refreshLease(c)));
    await(client.unregister(c));
    assertTrue(!client.leased().contains(c), "refreshing stops with the unregistration");
  }

  @Test
  void unregisterNamesTheEpochOfThisClientsRegistration() {
    Connection c = fresh();
    assertInstanceOf(Registered.class, await(client.register(Registration.of(at(c, 1)))));
    try (HttpLocationService other = HttpLocationService.connect(base)) {
      // Someone else takes the name over after it was removed: the client's epoch 1 is stale now.
      assertInstanceOf(Unregistered.class, await(other.unregister(c, 1)));
      Registered theirs = assertInstanceOf(Registered.class, await(other.register(Registration.of(at(c, 2)))));
      StaleEpoch stale = assertInstanceOf(StaleEpoch.class, await(client.unregister(c)));
      assertEquals(1, stale.presented());
      assertEquals(theirs.location().epoch(), stale.current());
      assertEquals(Optional.of(theirs.location()), await(client.find(c)));
      assertInstanceOf(Unregistered.class, await(other.unregister(c)));
    }
  }

  @Test
  void leaseRefreshNamesTheEpochAndStopsWhenTheNameIsTakenOver() {
    Connection c = fresh();
    assertInstanceOf(Registered.class, await(client.register(Registration.of(at(c, 1)).withLease(Duration.ofSeconds(1)))));
    assertInstanceOf(LeaseRefreshed.class, await(client.refreshLease(c)));
    try (HttpLocationService other = HttpLocationService.connect(base)) {
      assertInstanceOf(Unregistered.class, await(other.unregister(c, 1)));
      Registered theirs = assertInstanceOf(Registered.class, await(other.register(Registration.of(at(c, 2)).withLease(Duration.ofSeconds(30)))));
      StaleEpoch stale = assertInstanceOf(StaleEpoch.class, await(client.refreshLease(c)));
      assertEquals(theirs.location().epoch(), stale.current());
      Eventually.await("the client stops refreshing a name taken over", Duration.ofSeconds(10), () -> !client.leased().contains(c));
      assertInstanceOf(LeaseRefreshed.class, await(other.refreshLease(c)));
      await(other.unregister(c));
    }
  }

  @Test
  void withoutAnEpochOfItsOwnTheClientChangesNothing() {
    Connection c = fresh();
    assertInstanceOf(Registered.class, await(node.locations().register(Registration.of(at(c, 1)))));
    ExecutionException unregister = assertThrows(ExecutionException.class,
        () -> client.unregister(c).toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertInstanceOf(LocationServiceException.class, unregister.getCause());
    assertTrue(unregister.getCause().getMessage().contains("epoch"), unregister.getCause().getMessage());
    ExecutionException refresh = assertThrows(ExecutionException.class,
        () -> client.refreshLease(c).toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertInstanceOf(LocationServiceException.class, refresh.getCause());
    assertEquals(200, JsonHttp.send(base, "GET", "/api/v1/locations/" + c.name(), null).status());
  }

  @Test
  void trackingStreamsCurrentStateAndChanges() {
    Connection c = fresh();
    await(client.register(Registration.of(at(c, 1))));
    List<TrackingEvent> events = new CopyOnWriteArrayList<>();
    try (TrackingSubscription ignored = client.track(c, events::add)) {
      Eventually.await("current state", Duration.ofSeconds(10), () -> events.size() == 1);
      await(client.unregister(c));
      Eventually.await("removal", Duration.ofSeconds(10), () -> events.size() == 2);
    }
    assertEquals(new TrackingEvent.LocationRemoved(c), events.get(1));
  }

  @Test
  void resolveWaitsForTheRegistration() {
    Connection c = fresh();
    var pending = client.resolve(c, Duration.ofSeconds(10)).toCompletableFuture();
    await(client.register(Registration.of(at(c, 4))));
    assertEquals(c, await(pending).orElseThrow().connection());
  }

  @Test
  void anUnreachableRegistryIsRegistryUnavailable() {
    try (HttpLocationService nowhere = HttpLocationService.connect(URI.create("http://127.0.0.1:" + FreePorts.next()))) {
      RegistryUnavailable unavailable = assertInstanceOf(RegistryUnavailable.class, await(nowhere.register(Registration.of(at(fresh(), 1)))));
      assertTrue(!unavailable.message().isBlank());
    }
  }
}
