package io.agentfleet.agent.client;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.agentfleet.agent.client.AgentProtocol.AgentCommand;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * One request to an agent that may take long (a spawn that waits for a start slot): its answer is
 * awaited for up to {@code timeout}, but only while the agent lives. The caller's actor watches the
 * agent, so an agent that stops or whose member leaves the cluster is answered at once instead of after
 * the whole timeout.
 *
 * <p>A death notice is taken as the agent's death only if this member's view of the cluster agrees
 * (no reachable member at the agent's address that is joining or up). Otherwise the notice came from this member's own
 * connection: an agent restarted on the same host and port is a new incarnation, and until the
 * connection has moved to it, a watch (and the request sent with it) sent there is dropped and
 * answered as a death. The request is then sent again, with the watch, shortly after; the agent takes
 * a repeat from the same caller as the same request.
 */
final class AgentCall {
  private static final AtomicLong CALLS = new AtomicLong();
  private static final Duration RESEND_AFTER = Duration.ofMillis(500);

  private enum Overdue { INSTANCE }

  private enum Resend { INSTANCE }

  private AgentCall() {}

  static <T> CompletionStage<T> ask(
      ActorSystem<?> system, ActorRef<AgentCommand> agent, Function<ActorRef<T>, AgentCommand> message, Class<T> answerType,
      Duration timeout, Supplier<T> noReply, Supplier<T> agentGone) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Behavior<Object> call = Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Runnable send = () -> {
        ctx.watch(agent);
        agent.tell(message.apply(ctx.getSelf().narrow()));
      };
      timers.startSingleTimer(Overdue.INSTANCE, timeout);
      send.run();
      return Behaviors.receive(Object.class)
          .onMessage(answerType, answer -> {
            result.complete(answer);
            return Behaviors.stopped();
          })
          .onMessage(Overdue.class, overdue -> {
            result.complete(noReply.get());
            return Behaviors.stopped();
          })
          .onMessage(Resend.class, resend -> {
            send.run();
            return Behaviors.same();
          })
          .onSignal(Terminated.class, gone -> {
            Optional<MemberStatus> member = reachableMember(ctx.getSystem(), agent.path().address());
            if (member.isPresent()) {
              ctx.getLog().info("a death notice for {} while its member is {} and reachable: it came from this member's"
                  + " connection, not from the agent; asking again in {} ms", agent.path(), member.get(), RESEND_AFTER.toMillis());
              timers.startSingleTimer(Resend.INSTANCE, RESEND_AFTER);
              return Behaviors.same();
            }
            result.complete(agentGone.get());
            return Behaviors.stopped();
          })
          .build();
    }));
    system.systemActorOf(call, "agent-call-" + CALLS.incrementAndGet(), Props.empty());
    return result;
  }

  /**
   * The status of the member at {@code address} if this member sees it reachable and joining or up
   * (a restarted agent may still be Joining in this member's view when its registration arrives); empty
   * for a member that is leaving, down or gone, and for a local agent.
   */
  static Optional<MemberStatus> reachableMember(ActorSystem<?> system, Address address) {
    if (address.host().isEmpty() || !"cluster".equals(system.settings().config().getString("akka.actor.provider"))) {
      return Optional.empty();
    }
    ClusterEvent.CurrentClusterState state = Cluster.get(system).state();
    Set<Member> unreachable = state.getUnreachable();
    return StreamSupport.stream(state.getMembers().spliterator(), false)
        .filter(m -> m.address().equals(address) && !unreachable.contains(m))
        .map(Member::status)
        .filter(status -> status == MemberStatus.joining() || status == MemberStatus.weaklyUp() || status == MemberStatus.up())
        .findFirst();
  }
}
