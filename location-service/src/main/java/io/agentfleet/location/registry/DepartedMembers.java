package io.agentfleet.location.registry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members this node has seen downed or removed, by unique address (address and incarnation
 * uid). The read view hides registrations they owned at once, without waiting for the owning
 * entities to be moved off a lost node and to write the removal. Written only by the
 * {@link DepartedMemberSweeper}; a departed incarnation never comes back, so entries never go.
 */
public final class DepartedMembers {
  private final Set<String> departed = ConcurrentHashMap.newKeySet();

  void add(String uniqueAddress) {
    departed.add(uniqueAddress);
  }

  public boolean contains(String uniqueAddress) {
    return departed.contains(uniqueAddress);
  }
}
