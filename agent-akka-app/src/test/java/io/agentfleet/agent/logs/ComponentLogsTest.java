package io.agentfleet.agent.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.agentfleet.agent.client.AgentProtocol.LogChunk;
import io.agentfleet.agent.client.AgentProtocol.LogRequest;
import io.agentfleet.agent.client.AgentProtocol.LogResponse;
import io.agentfleet.agent.client.AgentProtocol.NoLog;
import io.agentfleet.agent.client.AgentProtocol.ReadComponentLog;
import io.agentfleet.agent.client.AgentProtocol.TailComponentLog;
import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log reader actor answers the caller from its blocking executor, not from the actor's thread. */
class ComponentLogsTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final ExecutorService blocking = Executors.newSingleThreadExecutor(r -> new Thread(r, "log-reads"));
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ComponentId C1 = new ComponentId(Prefix.parse("ESW.logs_actor"), ComponentType.Service);

  @TempDir Path dir;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    blocking.shutdownNow();
  }

  @Test
  void tailsAndReadsAreAnsweredToTheCaller() throws Exception {
    Files.writeString(ComponentLogFiles.fileOf(dir, C1), "one\ntwo\nthree\n");
    ActorRef<LogRequest> logs = testKit.spawn(ComponentLogs.create(new ComponentLogFiles(dir, 1024), blocking));
    TestProbe<LogResponse> probe = testKit.createTestProbe();

    logs.tell(new TailComponentLog(probe.ref(), C1, 2));
    assertEquals("two\nthree\n", probe.expectMessageClass(LogChunk.class, WAIT).text());
    logs.tell(new ReadComponentLog(probe.ref(), C1, 4));
    assertEquals("two\nthree\n", probe.expectMessageClass(LogChunk.class, WAIT).text());
    logs.tell(new TailComponentLog(probe.ref(), new ComponentId(Prefix.parse("ESW.never_ran"), ComponentType.Service), 2));
    probe.expectMessageClass(NoLog.class, WAIT);
  }
}
