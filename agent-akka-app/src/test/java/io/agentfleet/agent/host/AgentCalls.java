package io.agentfleet.agent.host;

import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.InProcessMember;
import io.agentfleet.location.testkit.MemberProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** How the agent integration tests talk to agents: as a cluster member of their own, through AgentClient. */
final class AgentCalls {
  private AgentCalls() {}

  /** The client of the agent {@code prefix}, once it is registered. */
  static AgentClient clientOf(InProcessMember member, Prefix prefix) {
    return Eventually.awaitValue("agent " + prefix + " is registered", Duration.ofSeconds(30),
        () -> await(AgentClient.forPrefix(member.system(), member.locations(), prefix)), Optional::isPresent).orElseThrow();
  }

  /** Spawns a component of {@code kind} registered as a Service. */
  static SpawnResponse spawn(AgentClient client, String kind, Prefix prefix, String... args) {
    return await(client.spawnComponent(kind, prefix, Optional.of(ComponentType.Service), List.of(args)));
  }

  /** The stage's value; a test waits at most 90 s, longer than any agent deadline. */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Leaves the test's member, then kills the member processes. */
  static void closeAll(InProcessMember member, MemberProcess... processes) {
    try {
      if (member != null) {
        member.close();
      }
    } finally {
      for (MemberProcess p : processes) {
        if (p != null) {
          p.close();
        }
      }
    }
  }
}
