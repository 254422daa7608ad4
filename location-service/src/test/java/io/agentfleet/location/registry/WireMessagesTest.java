package io.agentfleet.location.registry;

import akka.actor.testkit.typed.javadsl.SerializationTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult;
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.testkit.InProcessMember;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every message that crosses JVMs survives Akka's configured serialization (not Java's). */
class WireMessagesTest {
  private static InProcessMember node;
  private static SerializationTestKit serialization;

  private static final Connection CONNECTION = Connection.parse("ESW.primary-SequenceComponent-akka");
  private static final Location LOCATION =
      new Location(CONNECTION, URI.create("akka://fleet@127.0.0.1:1/user/x"), Map.of(Location.PID, "12", Location.EPOCH, "3"));

  @BeforeAll
  static void start() {
    node = InProcessMember.alone();
    serialization = new SerializationTestKit(node.system());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void roundTrips(Object message) {
    serialization.verifySerialization(message, true);
  }

  @Test
  void entityCommandsRoundTrip() {
    roundTrips(new RegistryEntity.Reserve(CONNECTION, Duration.ofSeconds(5), "akka://fleet@h:1#7", java.time.Instant.parse("2026-12-02T20:00:00Z"), "r-1", probe()));
    roundTrips(
        new RegistryEntity.Register(
            new Registration(LOCATION, Optional.of(3L), Optional.of(Duration.ofSeconds(9))), "akka://fleet@h:1#7", probe()));
    roundTrips(new RegistryEntity.Register(Registration.of(LOCATION), "akka://fleet@h:1#7", probe()));
    roundTrips(new RegistryEntity.Unregister(CONNECTION, Optional.of(3L), probe()));
    roundTrips(new RegistryEntity.Unregister(CONNECTION, Optional.empty(), probe()));
    roundTrips(new RegistryEntity.RefreshLease(CONNECTION, Optional.of(3L), probe()));
    roundTrips(new RegistryEntity.MemberGone("akka://fleet@h:1#7"));
  }

  @Test
  void resultsRoundTrip() {
    roundTrips(new RegistrationResult.Registered(LOCATION));
    roundTrips(new RegistrationResult.Reserved(CONNECTION, 4, Instant.parse("2026-01-01T00:00:00Z")));
    roundTrips(new RegistrationResult.AlreadyRegistered(LOCATION));
    roundTrips(new RegistrationResult.AlreadyReserved(CONNECTION, 2, "akka://fleet@h:1#7"));
    roundTrips(new RegistrationResult.StaleEpoch(CONNECTION, 1, Optional.of(2L)));
    roundTrips(new RegistrationResult.StaleEpoch(CONNECTION, 1, Optional.empty()));
    roundTrips(new RegistrationResult.Unregistered(CONNECTION));
    roundTrips(new RegistrationResult.NotFound(CONNECTION));
    roundTrips(new RegistrationResult.LeaseRefreshed(CONNECTION, Optional.of(Duration.ofSeconds(3))));
    roundTrips(new RegistrationResult.RegistryUnavailable("no majority"));
    roundTrips(new RegistrationResult.RegistryUnavailable("recovering", Duration.ofMillis(750)));
  }

  @Test
  void trackingEventsRoundTrip() {
    roundTrips(new TrackingEvent.LocationUpdated(LOCATION));
    roundTrips(new TrackingEvent.LocationRemoved(CONNECTION));
  }

  @Test
  void replicatedRecordsRoundTrip() {
    roundTrips(new RegistryRecord.Vacant(CONNECTION, 3));
    roundTrips(new RegistryRecord.Held(CONNECTION, 3, "akka://fleet@h:1#7", Instant.parse("2026-01-01T00:00:00Z"), "r-1"));
    roundTrips(new RegistryRecord.Taken(LOCATION, 3, "akka://fleet@h:1#7", Optional.of(Duration.ofSeconds(30))));
    SelfUniqueAddress self = DistributedData.get(node.system()).selfUniqueAddress();
    LWWMap<String, RegistryRecord> map =
        ReplicaKeys.empty().put(self, CONNECTION.name(), new RegistryRecord.Taken(LOCATION, 3, "a#1", Optional.empty()));
    roundTrips(map);
  }

  @Test
  void aHeldRecordWrittenBeforeReservesWereNamedIsStillRead() throws Exception {
    // A durable replica may hold records of the earlier form, without the request.
    akka.serialization.Serialization ser = akka.serialization.SerializationExtension.get(node.system().classicSystem());
    RegistryRecord.Held held = new RegistryRecord.Held(CONNECTION, 3, "a#1", Instant.parse("2026-01-01T00:00:00Z"), "r-1");
    akka.serialization.Serializer serializer = ser.findSerializerFor(held);
    String manifest = akka.serialization.Serializers.manifestFor(serializer, held);
    String json = new String(serializer.toBinary(held), java.nio.charset.StandardCharsets.UTF_8);
    String older = json.replace(",\"request\":\"r-1\"", "");
    org.junit.jupiter.api.Assertions.assertNotEquals(json, older);
    RegistryRecord.Held read = (RegistryRecord.Held) ser.deserialize(
        older.getBytes(java.nio.charset.StandardCharsets.UTF_8), serializer.identifier(), manifest).get();
    org.junit.jupiter.api.Assertions.assertEquals(3, read.epoch());
    org.junit.jupiter.api.Assertions.assertFalse(read.tookFor("a#1", "r-1"), "an unnamed hold is no one request's");
  }

  private static <T> akka.actor.typed.ActorRef<T> probe() {
    TestProbe<T> probe = node.testKit().createTestProbe();
    return probe.ref();
  }
}
