package io.agentfleet.location.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.Cluster;
import io.agentfleet.location.fencing.LeaseWitness;
import io.agentfleet.location.fencing.LeaseWitness.ConfirmExpired;
import io.agentfleet.location.fencing.LeaseWitness.Expired;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds out when a departed member's components have surely stopped: asks the witness of every
 * registry member, each {@code interval}, to confirm that the leases it vouched for the member have
 * run out ({@link LeaseWitness}), until a strict majority of the registry members has confirmed. A
 * confirmation holds for good (the member never comes back), so they add up across rounds. Then it
 * calls {@code confirmed} once and stops. While no majority can answer it keeps asking: the names
 * stay held, which is the promise.
 */
final class LeaseExpiryCheck {
  private LeaseExpiryCheck() {}

  private enum Ask { INSTANCE }

  private record Answer(Expired expired) {}

  static Behavior<Object> create(String departed, String role, Duration interval, Consumer<String> confirmed) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      Cluster cluster = Cluster.get(context.getSystem().classicSystem());
      ActorRef<Expired> answers = context.messageAdapter(Expired.class, Answer::new);
      Set<String> confirmedBy = new HashSet<>();
      timers.startTimerWithFixedDelay(Ask.INSTANCE, Ask.INSTANCE, Duration.ZERO, interval);
      return Behaviors.receive(Object.class)
          .onMessageEquals(Ask.INSTANCE, () -> {
            ConfirmExpired confirm = new ConfirmExpired(departed, answers);
            witnesses(cluster, role, departed).values().forEach(address -> LeaseWitness.tell(context.getSystem(), address, confirm));
            return Behaviors.same();
          })
          .onMessage(Answer.class, answer -> {
            confirmedBy.add(answer.expired().witness());
            if (LeaseWitness.majority(confirmedBy, witnesses(cluster, role, departed).keySet())) {
              confirmed.accept(departed);
              return Behaviors.stopped();
            }
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** The witnesses that count, but the departed member's own. */
  private static Map<String, String> witnesses(Cluster cluster, String role, String departed) {
    Map<String, String> witnesses = LeaseWitness.witnesses(cluster.state(), role);
    witnesses.remove(departed);
    return witnesses;
  }
}
