package io.agentfleet.agent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.DeadLetter;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.Props;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.Behaviors;
import io.agentfleet.agent.client.AgentProtocol.AgentCommand;
import io.agentfleet.agent.client.AgentProtocol.AgentStatus;
import io.agentfleet.agent.client.AgentProtocol.GetAgentStatus;
import io.agentfleet.location.model.Prefix;
import io.agentfleet.location.testkit.InProcessMember;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A death notice for an agent whose member is Up and reachable is not the agent's death: the request
 * is sent again. Two members in this JVM; the "agent" lives on the other one and is not there when the
 * first request arrives (the request goes to dead letters and the watch is answered as a death, as
 * when this member's connection still points at an earlier incarnation of a restarted agent).
 */
class AgentCallTest {
  private static final Prefix AGENT = Prefix.parse("ESW.late");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static InProcessMember caller;
  private static InProcessMember host;

  @BeforeAll
  static void start() {
    caller = InProcessMember.alone();
    host = InProcessMember.joining(List.of(caller.seed()));
  }

  @AfterAll
  static void stop() {
    host.close();
    caller.close();
  }

  @Test
  void anAgentWhoseMemberIsUpIsAskedAgainAfterADeathNoticeAndItsAnswerCounts() throws Exception {
    String path = "/system/late-agent";
    TestProbe<DeadLetter> dropped = host.testKit().createTestProbe();
    host.system().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, dropped.ref()));
    ActorRef<AgentCommand> agent = ActorRefResolver.get(caller.system())
        .resolveActorRef(host.system().address().toString() + path);

    var answer = AgentCall.ask(caller.system(), agent, GetAgentStatus::new, AgentStatus.class, WAIT,
            () -> new AgentStatus(AGENT, "no reply", List.of()), () -> new AgentStatus(AGENT, "gone", List.of()))
        .toCompletableFuture();
    dropped.fishForMessage(WAIT, letter -> letter.message() instanceof GetAgentStatus
        ? akka.actor.testkit.typed.javadsl.FishingOutcomes.complete()
        : akka.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());

    host.system().systemActorOf(Behaviors.<AgentCommand>receiveMessage(command -> {
      if (command instanceof GetAgentStatus status) {
        status.replyTo().tell(new AgentStatus(AGENT, "here", List.of()));
      }
      return Behaviors.same();
    }), "late-agent", Props.empty());

    assertEquals("here", answer.get(WAIT.toSeconds(), TimeUnit.SECONDS).hostname(), "the answer of the request sent again");
  }

  @Test
  void anAgentOnThisVeryMemberThatIsGoneIsAnsweredGoneAtOnce() throws Exception {
    ActorRef<AgentCommand> stopped = caller.testKit().spawn(Behaviors.stopped());
    var answer = AgentCall.ask(caller.system(), stopped, GetAgentStatus::new, AgentStatus.class, WAIT,
            () -> new AgentStatus(AGENT, "no reply", List.of()), () -> new AgentStatus(AGENT, "gone", List.of()))
        .toCompletableFuture();
    assertEquals("gone", answer.get(WAIT.toSeconds(), TimeUnit.SECONDS).hostname());
  }
}
