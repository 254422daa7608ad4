package io.agentfleet.location.registry;

import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.api.RegistrationResult.Unregistered;
import io.agentfleet.location.registry.RegistryRecord.Taken;
import java.util.Optional;

/**
 * Whether a replica's record of a name already shows the change that its entity's answer
 * acknowledged. A registry member's own replica has an acknowledged change only if the member was
 * part of the write's majority (or has heard of it since): when the entity lives on another member,
 * its write may have gone to a majority without this one, and the change then reaches this replica
 * only with the next delta propagation. This says when the local replica is enough for the caller's
 * next read to see its own change, and when a majority must be read.
 */
final class AcknowledgedChange {
  private AcknowledgedChange() {}

  /** {@code true} when {@code record} (a replica's, empty when it has none) shows what {@code result} acknowledged. */
  static boolean shownBy(Object result, Optional<RegistryRecord> record) {
    if (result instanceof Registered registered) {
      return record.filter(r -> r instanceof Taken taken && taken.location().equals(registered.location())).isPresent();
    }
    if (result instanceof Unregistered) {
      return record.filter(r -> r instanceof Taken).isEmpty();
    }
    // A refusal or a failure changed nothing: whatever the replica has is as new as the answer.
    return true;
  }
}
