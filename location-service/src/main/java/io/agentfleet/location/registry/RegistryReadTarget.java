package io.agentfleet.location.registry;

import java.util.List;
import java.util.Optional;

/**
 * Which registry member a member without the registry role reads the registry through (see
 * {@link ReplicaRelay}). It keeps the one it reads through while that one is still a candidate, so a
 * registry member joining moves no reader; otherwise it picks by a hash of its own address, so the
 * readers of a fleet spread over the registry members rather than all reading through the oldest.
 */
final class RegistryReadTarget {
  private RegistryReadTarget() {}

  /**
   * @param current the member read through now, if any
   * @param candidates registry members that are Up and reachable from this member
   * @param self this member's address
   */
  static Optional<String> choose(Optional<String> current, List<String> candidates, String self) {
    if (current.isPresent() && candidates.contains(current.get())) {
      return current;
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    List<String> sorted = candidates.stream().sorted().toList();
    return Optional.of(sorted.get(Math.floorMod(self.hashCode(), sorted.size())));
  }
}
