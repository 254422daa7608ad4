package io.agentfleet.agent.fencing;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.Cluster;
import io.agentfleet.location.fencing.LeaseWitness;
import io.agentfleet.location.fencing.LeaseWitness.Vouch;
import io.agentfleet.location.fencing.LeaseWitness.Vouched;
import io.agentfleet.location.registry.MemberIdentity;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks the witness of every registry member, each {@code interval}, to vouch for this member, and
 * keeps in {@code evidence} the monotonic send time of the newest round a strict majority of them
 * answered ({@link LeaseWitness}): the time the agent's lease renewals are stamped with. The members
 * counted are those the split-brain resolver counts: Up, Leaving or Exiting, with the registry role.
 */
public final class RegistryWitnesses {
  private RegistryWitnesses() {}

  private enum Tick { INSTANCE }

  private record Answer(Vouched vouched) {}

  /**
   * @param role the registry role (the split-brain resolver's keep-majority.role)
   * @param evidence written with each new piece of evidence; read by the lease renewer
   */
  public static Behavior<Object> create(String role, Duration interval, AtomicLong evidence) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      Cluster cluster = Cluster.get(context.getSystem().classicSystem());
      String self = MemberIdentity.of(cluster.selfMember());
      ActorRef<Vouched> answers = context.messageAdapter(Vouched.class, Answer::new);
      // Enough rounds to take answers up to a lease late; later ones add nothing a newer round would not.
      WitnessRounds rounds = new WitnessRounds(64);
      timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
      return Behaviors.receive(Object.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            long sentAt = System.nanoTime();
            Map<String, String> witnesses = LeaseWitness.witnesses(cluster.state(), role);
            rounds.start(sentAt, witnesses.keySet());
            Vouch vouch = new Vouch(self, sentAt, answers);
            witnesses.values().forEach(address -> LeaseWitness.tell(context.getSystem(), address, vouch));
            return Behaviors.same();
          })
          .onMessage(Answer.class, answer -> {
            evidence.accumulateAndGet(rounds.answered(answer.vouched().round(), answer.vouched().witness()), Math::max);
            return Behaviors.same();
          })
          .build();
    }));
  }
}
