package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.api.RegistrationResult.Unregistered;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.testkit.InProcessMember;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finds and listings are served from the node's view, which follows the replica by notifications; a
 * change acknowledged through this node is still seen by the very next find here. The notifications
 * are made rare (30 s) so that only the service's own refresh can make the change visible in time.
 */
class FindAfterOwnChangeTest {
  private static InProcessMember node;
  private static ClusterLocationService locations;

  @BeforeAll
  static void start() {
    node = InProcessMember.alone(Map.of("akka.cluster.distributed-data.notify-subscribers-interval", "30s"));
    locations = node.locations();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aRegistrationAndItsRemovalThroughThisNodeAreSeenByTheNextFindAndListing() {
    Connection c = Connection.parse("ESW.seenHere-Service-http");
    Location location = new Location(c, URI.create("http://127.0.0.1:4711/"), Map.of(Location.PID, "1"));
    Registered registered = assertInstanceOf(Registered.class, await(locations.register(Registration.of(location))));
    assertEquals(Optional.of(registered.location()), await(locations.find(c)));
    assertTrue(await(locations.listWhere(l -> true)).contains(registered.location()));

    assertInstanceOf(Unregistered.class, await(locations.unregister(c, registered.location().epoch().orElseThrow())));
    assertEquals(Optional.empty(), await(locations.find(c)));
    assertTrue(await(locations.listWhere(l -> true)).isEmpty());
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
