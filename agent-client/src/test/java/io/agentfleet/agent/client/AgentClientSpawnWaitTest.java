package io.agentfleet.agent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.agentfleet.agent.client.AgentProtocol.AgentCommand;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.SpawnComponent;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.Spawned;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A spawn waits for the agent's queue as well as for its start, but not for an agent that is gone. */
class AgentClientSpawnWaitTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Prefix AGENT = Prefix.parse("ESW.machine1");
  private static final AgentClientSettings SETTINGS =
      new AgentClientSettings(Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aSpawnAnsweredAfterItsStartDeadlineButWithinTheQueueWaitIsSpawned() throws Exception {
    // The agent answers after a second: the spawn waited for a start slot longer than the spawn timeout.
    ActorRef<AgentCommand> agent = testKit.spawn(answeringAfter(Duration.ofSeconds(1)));
    AgentClient client = new AgentClient(testKit.system(), agent, AGENT, SETTINGS);

    SpawnResponse response = client.spawnComponent("sample", Prefix.parse("ESW.c1"), Optional.empty(), List.of())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertInstanceOf(Spawned.class, response);
  }

  @Test
  void anAgentThatStopsIsAnsweredAtOnceNotAfterTheQueueWait() throws Exception {
    ActorRef<AgentCommand> agent = testKit.spawn(Behaviors.receive(AgentCommand.class)
        .onMessage(SpawnComponent.class, spawn -> Behaviors.stopped())
        .build());
    AgentClient client = new AgentClient(testKit.system(), agent, AGENT, SETTINGS);
    long start = System.nanoTime();

    SpawnResponse response = client.spawnComponent("sample", Prefix.parse("ESW.c2"), Optional.empty(), List.of())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertEquals(FailureReason.NoReply, ((Failed) response).reason());
    assertTrue(((Failed) response).message().contains("stopped or left the cluster"), response.toString());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(4)) < 0, "answered before the queue wait ran out");
  }

  @Test
  void anAgentThatNeverAnswersIsNoReplyAfterStartAndQueueWait() throws Exception {
    ActorRef<AgentCommand> agent = testKit.spawn(Behaviors.<AgentCommand>ignore());
    AgentClient client = new AgentClient(testKit.system(), agent, AGENT,
        new AgentClientSettings(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(300)));

    SpawnResponse response = client.spawnComponent("sample", Prefix.parse("ESW.c3"), Optional.empty(), List.of())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertEquals(FailureReason.NoReply, ((Failed) response).reason());
    assertTrue(((Failed) response).message().contains("did not answer within"), response.toString());
  }

  private static Behavior<AgentCommand> answeringAfter(Duration delay) {
    return Behaviors.receive(AgentCommand.class)
        .onMessage(SpawnComponent.class, spawn -> {
          Location location = new Location(new Connection(spawn.prefix(), ComponentType.Service, ConnectionType.HTTP),
              URI.create("http://127.0.0.1:1/"), Map.of());
          testKit.scheduler().scheduleOnce(delay, () -> spawn.replyTo().tell(new Spawned(location)), testKit.system().executionContext());
          return Behaviors.same();
        })
        .build();
  }
}
