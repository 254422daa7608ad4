package io.agentfleet.location.fencing;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent.CurrentClusterState;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import io.agentfleet.location.api.JsonSerializable;
import io.agentfleet.location.registry.MemberIdentity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A registry member's witness for the agents' leases (see docs/architecture.md, "Fencing"). An agent
 * renews its components' leases only with evidence that a strict majority of the registry members
 * still count it in: each round it asks every registry member's witness to {@link Vouch} for it, and
 * stamps its renewals with the time it sent the newest round a majority answered. A witness answers
 * only while, in its own view of the cluster, the agent is Up (or Leaving) and no member reports it
 * unreachable; otherwise it stays silent. So an agent that is cut off from the registry's majority,
 * frozen, or already seen as lost by the members that decide, gets no evidence, whatever its own
 * failure detector says, and however many members the cluster has (a member's failure detector
 * watches only a few others, so in a large cluster an agent cut off alone may never see a registry
 * member as unreachable itself).
 *
 * <p>The other half: before a member frees a lost agent's names it asks the witnesses to
 * {@link ConfirmExpired confirm} that every lease resting on their word has run out. A witness
 * confirms once the agent is downed or removed in its view (so it never vouches for it again) and a
 * component's life has passed since it last vouched ({@link WitnessLedger}). Evidence needs a
 * majority and so does freeing, so at least one confirming witness vouched for every renewal.
 */
public final class LeaseWitness {
  /** Where every registry member runs its witness, under {@code /system}. */
  public static final String NAME = "lease-witness";

  /** What a witness takes. */
  public sealed interface Command extends JsonSerializable permits Vouch, ConfirmExpired {}

  /** Vouch for the member {@code agent} (its {@link MemberIdentity}) in the round sent at the agent's {@code round}. */
  public record Vouch(String agent, long round, ActorRef<Vouched> replyTo) implements Command {}

  /** {@code witness} (its {@link MemberIdentity}) counts the agent in for the round sent at {@code round}. */
  public record Vouched(long round, String witness) implements JsonSerializable {}

  /** Confirm that every lease of the departed member {@code agent} this witness vouched for has run out. */
  public record ConfirmExpired(String agent, ActorRef<Expired> replyTo) implements Command {}

  /** {@code witness} will never vouch for {@code agent} again, and every lease it vouched for has run out. */
  public record Expired(String agent, String witness) implements JsonSerializable {}

  private LeaseWitness() {}

  /** The path of the witness on the member at {@code memberAddress} ({@code akka://fleet@host:port}). */
  public static String pathOn(String memberAddress) {
    return memberAddress + "/system/" + NAME;
  }

  /**
   * The witnesses that count, by member identity with their addresses: the registry members the
   * split-brain resolver counts (Up, Leaving or Exiting, with {@code role}). Vouching and confirming
   * must count the same members, or their majorities need not meet.
   */
  public static Map<String, String> witnesses(CurrentClusterState state, String role) {
    Map<String, String> witnesses = new HashMap<>();
    for (Member member : state.getMembers()) {
      MemberStatus status = member.status();
      boolean counted = status == MemberStatus.up() || status == MemberStatus.leaving() || status == MemberStatus.exiting();
      if (member.hasRole(role) && counted) {
        witnesses.put(MemberIdentity.of(member), member.address().toString());
      }
    }
    return witnesses;
  }

  /** Whether those of {@code answered} that are in {@code counted} are a strict majority of it. */
  public static boolean majority(Set<String> answered, Set<String> counted) {
    long among = counted.stream().filter(answered::contains).count();
    return 2 * among > counted.size();
  }

  /** Sends {@code command} to the witness of the member at {@code memberAddress}. */
  public static void tell(ActorSystem<?> system, String memberAddress, Command command) {
    system.classicSystem().actorSelection(pathOn(memberAddress)).tell(command, akka.actor.ActorRef.noSender());
  }

  /**
   * The witness of the member {@code self}, reading the cluster's state as it answers; a component
   * lives at most {@code life} past the evidence its lease was renewed with.
   */
  public static Behavior<Command> create(Supplier<Member> self, Supplier<CurrentClusterState> state, Duration life) {
    return Behaviors.setup(context -> {
      WitnessLedger ledger = new WitnessLedger(life.toNanos(), System.nanoTime());
      return Behaviors.receive(Command.class)
          .onMessage(Vouch.class, vouch -> {
            Member me = self.get();
            if (vouches(me, state.get(), vouch.agent())) {
              ledger.vouched(vouch.agent(), System.nanoTime());
              vouch.replyTo().tell(new Vouched(vouch.round(), MemberIdentity.of(me)));
            }
            return Behaviors.same();
          })
          .onMessage(ConfirmExpired.class, confirm -> {
            if (departed(state.get(), confirm.agent()) && ledger.expiresIn(confirm.agent(), System.nanoTime()) == 0) {
              confirm.replyTo().tell(new Expired(confirm.agent(), MemberIdentity.of(self.get())));
            }
            return Behaviors.same();
          })
          .build();
    });
  }

  /** Whether {@code agent} is downed or no longer a member in this view: a witness never vouches for it again. */
  static boolean departed(CurrentClusterState state, String agent) {
    return MemberIdentity.find(state, agent)
        .map(member -> member.status() == MemberStatus.down() || member.status() == MemberStatus.removed())
        .orElse(true);
  }

  /**
   * The rule: this witness is Up or Leaving, and so is {@code agent} (that very incarnation), and no
   * member reports the agent unreachable (Akka's view: unreachable as observed by any member).
   */
  public static boolean vouches(Member self, CurrentClusterState state, String agent) {
    Optional<Member> member = MemberIdentity.find(state, agent);
    return vouches(self.status(), member.map(Member::status), member.map(state.getUnreachable()::contains).orElse(false));
  }

  /** The rule on plain values: the agent's status is empty when it is not a member in this view. */
  static boolean vouches(MemberStatus self, Optional<MemberStatus> agent, boolean agentUnreachable) {
    return active(self) && agent.map(LeaseWitness::active).orElse(false) && !agentUnreachable;
  }

  private static boolean active(MemberStatus status) {
    return status == MemberStatus.up() || status == MemberStatus.leaving();
  }
}
