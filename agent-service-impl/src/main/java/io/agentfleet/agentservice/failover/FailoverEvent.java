package io.agentfleet.agentservice.failover;

import io.agentfleet.location.model.Prefix;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a managed component's history.
 *
 * @param at when it ended
 * @param what what happened
 * @param from the agent it ran on before, if any
 * @param to the agent it runs on now, if any
 * @param reason why, in words for an operator
 * @param tookMillis how long it took from the moment the decider acted
 */
public record FailoverEvent(Instant at, What what, Optional<Prefix> from, Optional<Prefix> to, String reason, long tookMillis)
    implements FailoverSerializable {
  public enum What {
    /** Started by the decider when it began to manage the component. */
    Started,
    /** Found running (started by someone else, or moved by an operator). */
    Found,
    /** Its agent left the cluster and it was relaunched on a backup. */
    FailedOver,
    /** It was killed or exited while its agent stayed up: on purpose, so not relaunched. */
    Stopped,
    /** It could be started on none of its agents; the decider tries again later. */
    NotStarted
  }
}
