package io.agentfleet.agent.client;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;
import io.agentfleet.agent.client.AgentProtocol.AgentCommand;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One request to an agent that may take long (a spawn that waits for a start slot): its answer is
 * awaited for up to {@code timeout}, but only while the agent lives. The caller's actor watches the
 * agent, so an agent that stops or whose member leaves the cluster is answered at once instead of after
 * the whole timeout.
 */
final class AgentCall {
  private static final AtomicLong CALLS = new AtomicLong();

  private enum Overdue { INSTANCE }

  private AgentCall() {}

  static <T> CompletionStage<T> ask(
      ActorSystem<?> system, ActorRef<AgentCommand> agent, Function<ActorRef<T>, AgentCommand> message, Class<T> answerType,
      Duration timeout, Supplier<T> noReply, Supplier<T> agentGone) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Behavior<Object> call = Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.watch(agent);
      timers.startSingleTimer(Overdue.INSTANCE, timeout);
      agent.tell(message.apply(ctx.getSelf().narrow()));
      return Behaviors.receive(Object.class)
          .onMessage(answerType, answer -> {
            result.complete(answer);
            return Behaviors.stopped();
          })
          .onMessage(Overdue.class, overdue -> {
            result.complete(noReply.get());
            return Behaviors.stopped();
          })
          .onSignal(Terminated.class, gone -> {
            result.complete(agentGone.get());
            return Behaviors.stopped();
          })
          .build();
    }));
    system.systemActorOf(call, "agent-call-" + CALLS.incrementAndGet(), Props.empty());
    return result;
  }
}
