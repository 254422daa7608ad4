package io.agentfleet.location.registry;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import io.agentfleet.location.api.RegistrationResult.NotFound;
import io.agentfleet.location.api.RegistrationResult.Reserved;
import io.agentfleet.location.api.RegistrationResult.ReserveResult;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.InProcessMember;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reserve for a name whose shard lived on a member that is cut off: until the majority has downed
 * and removed that member, sharding still routes the command there, where it is lost. The caller
 * sends it again ({@link ResendingAsk}), so the copy sent once the shard has a new home is answered.
 * Without that, the caller waited out its whole ask timeout and was told the registry did not answer
 * (after a machine loss, that was the backup agent's first spawn of every name the lost machine hosted).
 */
class ReserveAfterNodeLossTest {
  private static InProcessMember a;
  private static InProcessMember b;
  private static InProcessMember c;

  @BeforeAll
  static void start() {
    Map<String, Object> settings = new HashMap<>(InProcessMember.partitionable());
    // Long enough to outlast detecting, downing and removing the lost member, so that an answer
    // within it is decided by whether the reserve is sent again, not by the timeout.
    settings.put("location-service.registry.ask-timeout", "40s");
    settings.put("location-service.registry.resend-after", "1s");
    List<InProcessMember> members = InProcessMember.upTogether(3, settings);
    a = members.get(0);
    b = members.get(1);
    c = members.get(2);
    for (InProcessMember member : List.of(a, b, c)) {
      RegistryMajorityTest.awaitMajorityReads(member);
    }
  }

  @AfterAll
  static void stop() {
    for (InProcessMember member : new InProcessMember[] {c, b, a}) {
      if (member != null) {
        member.close();
      }
    }
  }

  @Test
  void aReserveLostWithItsShardsMemberIsSentAgainAndAnswered() throws Exception {
    Connection name = nameWithItsShardOn(c);
    a.cutOffFrom(c);
    b.cutOffFrom(c);
    // Sent at once: C is not even unreachable yet, so the first copies go to C's region and are lost.
    var reserve = a.locations().reserve(name, Duration.ofSeconds(30)).toCompletableFuture();
    // What the split-brain resolver does in the fleet (these in-process members have none).
    akka.cluster.Member lost = Cluster.get(c.system()).selfMember();
    Eventually.await("A sees C unreachable", Duration.ofSeconds(30),
        () -> Cluster.get(a.system()).state().getUnreachable().contains(lost));
    Cluster.get(a.system()).manager().tell(new akka.cluster.typed.Down(lost.address()));
    ReserveResult result = reserve.get(60, TimeUnit.SECONDS);
    assertInstanceOf(Reserved.class, result, "answered once the shard moved off the lost member: " + result);
  }

  /** A vacant name whose entity sharding has placed on {@code member}. */
  private static Connection nameWithItsShardOn(InProcessMember member) throws Exception {
    for (int i = 0; i < 200; i++) {
      Connection candidate = Connection.parse("ESW.lostshard" + i + "-Service-http");
      // Any command starts the entity where its shard is; an unregister of a vacant name changes nothing.
      assertInstanceOf(NotFound.class, a.locations().unregister(candidate).toCompletableFuture().get(20, TimeUnit.SECONDS));
      if (hostedOn(member, candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("no name's shard was placed on " + member.identity());
  }

  private static boolean hostedOn(InProcessMember member, Connection connection) {
    TestProbe<akka.cluster.sharding.ShardRegion.CurrentShardRegionState> probe = member.testKit().createTestProbe();
    ClusterSharding.get(member.system()).shardState().tell(new GetShardRegionState(RegistryEntity.TYPE_KEY, probe.ref()));
    var state = probe.receiveMessage(Duration.ofSeconds(10));
    return state.getShards().stream().anyMatch(shard -> shard.getEntityIds().contains(connection.name()));
  }
}
