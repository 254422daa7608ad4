package io.agentfleet.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agent.client.AgentProtocol.KillResponse;
import io.agentfleet.agent.client.AgentProtocol.Killed;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.Spawned;
import io.agentfleet.agent.host.FakeLauncher.FakeProcess;
import io.agentfleet.agent.kinds.ComponentKinds;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Prefix;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One run of a component on its own, with the agent played by a probe. */
class ComponentRunTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Prefix AGENT = Prefix.parse("ESW.runtestagent");
  private static final ComponentKinds KINDS = ComponentKinds.fromConfig(ConfigFactory.defaultReference().resolve());

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aKillThatReachesARunAfterItEndedIsAnsweredWithItsEndUntilTheAgentDismissesIt() {
    FakeLocationService locations = new FakeLocationService();
    TestProbe<FakeProcess> started = testKit.createTestProbe();
    TestProbe<FakeProcess> terminating = testKit.createTestProbe();
    TestProbe<ComponentRun.Report> agent = testKit.createTestProbe();
    TestProbe<SpawnResponse> spawn = testKit.createTestProbe();
    AgentSettings settings = new AgentSettings(AGENT, "testhost", URI.create("http://127.0.0.1:1"), KINDS,
        Path.of(System.getProperty("java.io.tmpdir"), "agent-test-logs"), 1 << 20, 2, Duration.ofSeconds(1), 1,
        Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofMinutes(5));
    Connection connection = new Connection(Prefix.parse("ESW.run1"), ComponentType.Service, ConnectionType.HTTP);
    ComponentRun.Plan plan = new ComponentRun.Plan(connection, KINDS.find("sample").orElseThrow(), List.of(), Optional.empty(), 0);
    ActorRef<ComponentRun.Command> run = testKit.spawn(
        ComponentRun.create(settings, locations.service, new FakeLauncher(started.ref(), terminating.ref(), false), plan, spawn.ref(), agent.ref()));

    FakeProcess process = started.expectMessageClass(FakeProcess.class, WAIT);
    locations.registers(process);
    spawn.expectMessageClass(Spawned.class, WAIT);
    process.exits(0); // it ends by itself, cleanly: no relaunch
    ComponentRun.Ended ended = endOf(agent);
    assertEquals(Optional.empty(), ended.relaunch());
    assertTrue(ended.epoch() > 0);

    // A kill the agent routed before it read Ended: answered with how the run ended.
    TestProbe<KillResponse> kill = testKit.createTestProbe();
    run.tell(new ComponentRun.Kill(kill.ref()));
    assertEquals(new Killed(connection), kill.expectMessageClass(Killed.class, WAIT));
    assertEquals(1, locations.unregisterCalls.get(), "the late kill removes nothing more");

    run.tell(new ComponentRun.Dismiss());
    agent.expectTerminated(run, WAIT);
  }

  /** Skips the run's progress reports up to its end, checking each phase it reports is one the status knows. */
  private static ComponentRun.Ended endOf(TestProbe<ComponentRun.Report> agent) {
    while (true) {
      ComponentRun.Report report = agent.receiveMessage(WAIT);
      if (report instanceof ComponentRun.Ended ended) {
        return ended;
      }
      if (report instanceof ComponentRun.Progress progress) {
        assertTrue(List.of(ComponentState.Starting, ComponentState.Running, ComponentState.Stopping).contains(progress.status().state()), progress.toString());
      }
    }
  }
}
