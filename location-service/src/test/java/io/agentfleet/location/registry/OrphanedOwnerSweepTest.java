package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.registry.RegistryRecord.Taken;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.InProcessMember;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Owners that departed unseen (an earlier incarnation, as after a restart of every registry member). */
class OrphanedOwnerSweepTest {
  private static InProcessMember node;

  @BeforeAll
  static void start() {
    node = InProcessMember.alone(Map.of("location-service.registry.orphan-scan-interval", "200ms"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** Puts {@code record} into this node's replica as a restarted durable member would load it. */
  private static void replicaHolds(RegistryRecord record) throws Exception {
    ActorSystem<Void> system = node.system();
    SelfUniqueAddress self = DistributedData.get(system).selfUniqueAddress();
    String name = record.connection().name();
    Replicator.UpdateResponse<LWWMap<String, RegistryRecord>> written =
        AskPattern.<Replicator.Command, Replicator.UpdateResponse<LWWMap<String, RegistryRecord>>>ask(
                DistributedData.get(system).replicator(),
                replyTo ->
                    new Replicator.Update<>(
                        ReplicaKeys.forName(name), ReplicaKeys.empty(), Replicator.writeLocal(), replyTo, map -> map.put(self, name, record)),
                Duration.ofSeconds(5),
                system.scheduler())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertInstanceOf(Replicator.UpdateSuccess.class, written);
  }

  @Test
  void aRegistrationOfAnOwnerThatIsNoMemberAndWasNeverSeenToDepartIsSweptAfterTheFence() throws Exception {
    Connection connection = Connection.parse("ESW.orphaned-Service-http");
    Location location = new Location(connection, URI.create("http://127.0.0.1:9/"), Map.of(Location.EPOCH, "7"));
    String earlierIncarnation = "akka://fleet@127.0.0.1:9#1234";
    replicaHolds(new Taken(location, 7, earlierIncarnation, Optional.empty()));
    Eventually.await(
        "the replica shows the registration", Duration.ofSeconds(10), () -> node.locations().find(connection).toCompletableFuture().join().isPresent());

    // No command ever reaches the name: only the sweep can free it (one fence on the sweeper's
    // node, one on the entity's, here the same node).
    Eventually.await(
        "the earlier incarnation's registration is swept",
        Duration.ofSeconds(20),
        () -> node.locations().find(connection).toCompletableFuture().join().isEmpty());
    // Freed as a vacant name that keeps its epoch.
    var registered =
        node.locations()
            .register(Registration.of(location))
            .toCompletableFuture()
            .get(15, TimeUnit.SECONDS);
    var taken = assertInstanceOf(Registered.class, registered);
    assertEquals("8", taken.location().metadata().get(Location.EPOCH));
  }
}
