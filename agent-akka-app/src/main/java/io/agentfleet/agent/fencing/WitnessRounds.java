package io.agentfleet.agent.fencing;

import io.agentfleet.location.fencing.LeaseWitness;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The agent's rounds of asking the registry members to vouch for it, and the evidence they give: the
 * send time of the newest round that a strict majority of the registry members counted at its start
 * answered. Pure bookkeeping on the agent's monotonic clock; not thread-safe (one actor owns it).
 */
final class WitnessRounds {
  private record Round(Set<String> counted, Set<String> answered) {}

  private final int kept;
  private final Map<Long, Round> open = new LinkedHashMap<>();
  private long evidence = ComponentLeases.NO_EVIDENCE;

  /** @param kept how many of the latest rounds still take answers (older answers are late) */
  WitnessRounds(int kept) {
    this.kept = kept;
  }

  /** A round sent at {@code sentAt} to the witnesses of {@code counted}, the registry members it counts. */
  void start(long sentAt, Set<String> counted) {
    open.put(sentAt, new Round(Set.copyOf(counted), new HashSet<>()));
    Iterator<Long> oldest = open.keySet().iterator();
    while (open.size() > kept) {
      oldest.next();
      oldest.remove();
    }
  }

  /**
   * {@code witness} vouched in the round sent at {@code sentAt}; returns the evidence after it (the
   * send time of the newest round a majority answered, or {@link ComponentLeases#NO_EVIDENCE}).
   */
  long answered(long sentAt, String witness) {
    Round round = open.get(sentAt);
    if (round == null || !round.counted().contains(witness)) {
      return evidence;
    }
    round.answered().add(witness);
    if (LeaseWitness.majority(round.answered(), round.counted()) && sentAt > evidence) {
      evidence = sentAt;
    }
    return evidence;
  }
}
