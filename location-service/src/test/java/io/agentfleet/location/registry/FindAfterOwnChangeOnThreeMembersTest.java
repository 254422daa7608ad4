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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes on a registry of three members: a change acknowledged through a member is seen by
 * that member's next find and listing, whichever member's entity made it and whichever two replicas
 * took the write. Delta propagation and notifications are made rare (30 s), so only the service's
 * own step after the change can make it visible in time.
 */
class FindAfterOwnChangeOnThreeMembersTest {
  private static List<InProcessMember> members;

  @BeforeAll
  static void start() {
    members = InProcessMember.upTogether(3, Map.of(
        "akka.cluster.distributed-data.notify-subscribers-interval", "30s",
        "akka.cluster.distributed-data.gossip-interval", "150s"));
  }

  @AfterAll
  static void stop() {
    members.forEach(InProcessMember::close);
  }

  @Test
  void everyMemberSeesAChangeMadeThroughItAtOnce() {
    // Six names through each member: their shards are spread over the three members, so most of these
    // changes are made by an entity on another member, whose write's majority need not include this one.
    for (int i = 0; i < 18; i++) {
      ClusterLocationService through = members.get(i / 6).locations();
      Connection c = Connection.parse("ESW.seen" + i + "-Service-http");
      Location location = new Location(c, URI.create("http://127.0.0.1:" + (4700 + i) + "/"), Map.of(Location.PID, "1"));
      Registered registered = assertInstanceOf(Registered.class, await(through.register(Registration.of(location))));
      assertEquals(Optional.of(registered.location()), await(through.find(c)), "find through member " + (i / 6));
      assertTrue(await(through.listWhere(l -> true)).contains(registered.location()), "listing through member " + (i / 6));

      assertInstanceOf(Unregistered.class, await(through.unregister(c, registered.location().epoch().orElseThrow())));
      assertEquals(Optional.empty(), await(through.find(c)), "find after unregister through member " + (i / 6));
    }
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
