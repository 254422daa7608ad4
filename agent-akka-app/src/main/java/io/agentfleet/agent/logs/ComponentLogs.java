package io.agentfleet.agent.logs;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.agentfleet.agent.client.AgentProtocol.LogRequest;
import io.agentfleet.agent.client.AgentProtocol.LogResponse;
import io.agentfleet.agent.client.AgentProtocol.NoLog;
import io.agentfleet.agent.client.AgentProtocol.ReadComponentLog;
import io.agentfleet.agent.client.AgentProtocol.TailComponentLog;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Answers reads of the agent's component logs. The reading blocks on the file system, so it runs on
 * {@code blocking} and the answer goes straight to the caller from there; the actor itself only hands
 * the work over, so a slow disk never holds up the agent's messages.
 */
public final class ComponentLogs extends AbstractBehavior<LogRequest> {
  private final ComponentLogFiles files;
  private final Executor blocking;

  public static Behavior<LogRequest> create(ComponentLogFiles files, Executor blocking) {
    return Behaviors.setup(ctx -> new ComponentLogs(ctx, files, blocking));
  }

  private ComponentLogs(ActorContext<LogRequest> context, ComponentLogFiles files, Executor blocking) {
    super(context);
    this.files = files;
    this.blocking = blocking;
  }

  @Override
  public Receive<LogRequest> createReceive() {
    return newReceiveBuilder()
        .onMessage(TailComponentLog.class, this::onTail)
        .onMessage(ReadComponentLog.class, this::onRead)
        .build();
  }

  private Behavior<LogRequest> onTail(TailComponentLog tail) {
    return answer(tail, () -> files.tail(tail.componentId(), tail.lines()));
  }

  private Behavior<LogRequest> onRead(ReadComponentLog read) {
    return answer(read, () -> files.from(read.componentId(), read.offset()));
  }

  private Behavior<LogRequest> answer(LogRequest request, Supplier<LogResponse> reading) {
    CompletableFuture.supplyAsync(reading, blocking)
        .exceptionally(failure -> new NoLog(request.componentId(), "the log of " + request.componentId().prefix() + " cannot be read: " + failure.getMessage()))
        .thenAccept(request.replyTo()::tell);
    return this;
  }
}
