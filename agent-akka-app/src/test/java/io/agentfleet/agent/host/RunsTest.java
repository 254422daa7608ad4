package io.agentfleet.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestInbox;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agent.client.AgentProtocol.ComponentStatus;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.kinds.ComponentKinds;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Prefix;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The agent's book of runs, without an agent: the test plays the agent and the runs' children. */
class RunsTest {
  private static final Prefix AGENT = Prefix.parse("ESW.runstestagent");
  private static final ComponentKinds KINDS = ComponentKinds.fromConfig(ConfigFactory.defaultReference().resolve());
  private static final Connection A = new Connection(Prefix.parse("ESW.a"), ComponentType.Service, ConnectionType.HTTP);
  private static final Connection B = new Connection(Prefix.parse("ESW.b"), ComponentType.Service, ConnectionType.HTTP);

  private static ActorRef<SpawnResponse> caller() {
    return TestInbox.<SpawnResponse>create().getRef();
  }

  private static ActorRef<ComponentRun.Command> child() {
    return TestInbox.<ComponentRun.Command>create().getRef();
  }

  private static ComponentRun.Plan plan(Connection connection) {
    return new ComponentRun.Plan(connection, KINDS.find("sample").orElseThrow(), List.of(), Optional.empty(), 0);
  }

  private static ComponentStatus status(Connection connection, ComponentState state) {
    return new ComponentStatus(connection, "sample", state, 42L, 7L, Instant.EPOCH);
  }

  @Test
  void aNameWithARunIsRefusedAsReservedWhileItStartsAndAsRegisteredOnceItRuns() {
    Runs runs = new Runs();
    assertEquals(Optional.empty(), runs.refusal(A, AGENT));
    runs.starting(child(), plan(A), caller());

    Failed reserved = runs.refusal(A, AGENT).orElseThrow();
    assertEquals(FailureReason.AlreadyReserved, reserved.reason());
    assertEquals(A + " is starting on " + AGENT, reserved.message());
    runs.progress(status(A, ComponentState.Running));
    Failed registered = runs.refusal(A, AGENT).orElseThrow();
    assertEquals(FailureReason.AlreadyRegistered, registered.reason());
    assertEquals(A + " is running on " + AGENT, registered.message());
    assertEquals(Optional.empty(), runs.refusal(B, AGENT));
  }

  @Test
  void onlyStartingRunsHoldAStartSlot() {
    Runs runs = new Runs();
    runs.starting(child(), plan(A), caller());
    runs.starting(child(), plan(B), caller());
    assertEquals(2, runs.startingCount());
    runs.progress(status(A, ComponentState.Running));
    assertEquals(1, runs.startingCount());
    runs.forget(B);
    assertEquals(0, runs.startingCount());
    runs.progress(status(B, ComponentState.Starting));
    assertEquals(0, runs.startingCount(), "a report of a forgotten run adds no run");
    assertEquals(List.of(status(A, ComponentState.Running)), runs.statuses().toList());
  }

  @Test
  void aSpawnRepeatsARunOnlyWithTheSameCallerAndPrefix() {
    Runs runs = new Runs();
    ActorRef<SpawnResponse> caller = caller();
    runs.starting(child(), plan(A), caller);
    assertTrue(runs.holdsRequestOf(new Spawn(caller, "sample", A.prefix(), Optional.empty(), List.of(), Optional.empty())));
    assertFalse(runs.holdsRequestOf(new Spawn(caller, "sample", B.prefix(), Optional.empty(), List.of(), Optional.empty())));
    assertFalse(runs.holdsRequestOf(new Spawn(caller(), "sample", A.prefix(), Optional.empty(), List.of(), Optional.empty())));
  }

  @Test
  void aKilledRunIsMarkedAndOnlyItsOwnChildsStopForgetsIt() {
    Runs runs = new Runs();
    ActorRef<ComponentRun.Command> child = child();
    runs.starting(child, plan(A), caller());
    assertEquals(Optional.empty(), runs.killed(B));
    assertEquals(Optional.of(child), runs.killed(A));

    assertEquals(Optional.empty(), runs.forget(A, child()), "the stop of an earlier run's child");
    Runs.Run run = runs.forget(A, child).orElseThrow();
    assertTrue(run.killed());
    assertTrue(runs.isEmpty());
    assertEquals(Optional.empty(), runs.forget(A));
  }
}
