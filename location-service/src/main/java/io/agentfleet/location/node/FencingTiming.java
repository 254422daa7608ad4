package io.agentfleet.location.node;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The timing argument of the fence, checked against a member's configuration at start (see
 * docs/architecture.md, "Fencing"). A cut-off or frozen agent's components must surely be gone before
 * the majority frees their names:
 *
 * <pre>
 *   components gone  ≤ cut + heartbeat-interval + reaper-interval + detection-slack   (the agent sees it is cut off)
 *                          + lease + lease/10 + halt-time                              (its watchdogs act)
 *   names freed      ≥ cut + stable-after + fence-wait                                 (the majority downs it, then waits)
 * </pre>
 *
 * The failure detectors' acceptable pause appears on both sides (each side needs it to flag the
 * other), so it cancels; what remains is how much later the agent may notice than the majority.
 */
public record FencingTiming(
    Duration lease,
    Duration renewInterval,
    Duration haltTime,
    Duration detectionSlack,
    Duration fenceWait,
    Duration heartbeatInterval,
    Duration reaperInterval,
    Duration stableAfter) {

  /** The fleet's fencing settings ({@code location-service.fencing}) and the Akka settings they depend on. */
  public static FencingTiming fromConfig(Config config) {
    return new FencingTiming(
        config.getDuration("location-service.fencing.lease"),
        config.getDuration("location-service.fencing.renew-interval"),
        config.getDuration("location-service.fencing.halt-time"),
        config.getDuration("location-service.fencing.detection-slack"),
        config.getDuration("location-service.fencing.fence-wait"),
        config.getDuration("akka.cluster.failure-detector.heartbeat-interval"),
        config.getDuration("akka.cluster.unreachable-nodes-reaper-interval"),
        config.getDuration("akka.cluster.split-brain-resolver.stable-after"));
  }

  /** The latest a cut-off agent's components are gone, counted from the cut. */
  public Duration componentsGoneWithin() {
    return heartbeatInterval.plus(reaperInterval).plus(detectionSlack)
        .plus(lease).plus(lease.dividedBy(10)).plus(haltTime);
  }

  /** The soonest the majority frees a lost member's names, counted from the cut. */
  public Duration namesFreedNoSoonerThan() {
    return stableAfter.plus(fenceWait);
  }

  /** What is wrong with these settings; empty when the fence holds. */
  public List<String> violations() {
    List<String> wrong = new ArrayList<>();
    if (lease.isNegative() || lease.isZero()) {
      wrong.add("location-service.fencing.lease must be positive");
    }
    if (renewInterval.multipliedBy(3).compareTo(lease) > 0) {
      wrong.add("location-service.fencing.renew-interval (" + renewInterval.toMillis() + " ms) must be at most a third of"
          + " the lease (" + lease.toMillis() + " ms), so one late renewal does not lapse it");
    }
    if (namesFreedNoSoonerThan().compareTo(componentsGoneWithin()) < 0) {
      wrong.add("akka.cluster.split-brain-resolver.stable-after (" + stableAfter.toMillis() + " ms) + location-service.fencing"
          + ".fence-wait (" + fenceWait.toMillis() + " ms) = " + namesFreedNoSoonerThan().toMillis() + " ms must be at least"
          + " heartbeat-interval + unreachable-nodes-reaper-interval + detection-slack + lease + lease/10 + halt-time = "
          + componentsGoneWithin().toMillis() + " ms: a lost member's names would be freed while its components may still run");
    }
    return wrong;
  }

  /** Refuses settings under which a name could run twice. */
  public void check() {
    List<String> wrong = violations();
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException("unsafe fencing settings: " + String.join("; ", wrong));
    }
  }

  /**
   * Refuses a split-brain resolver that does not keep the side with most registry members: an agent
   * renews its components' leases only while it stands with a majority of those members
   * ({@code MajorityStanding}), so the resolver must count the same ones.
   */
  public static void requireResolverCountsRegistry(Config config) {
    String strategy = config.getString("akka.cluster.split-brain-resolver.active-strategy");
    String counted = config.getString("akka.cluster.split-brain-resolver.keep-majority.role");
    String registry = config.getString("location-service.registry.role");
    if (!"keep-majority".equals(strategy) || !registry.equals(counted)) {
      throw new IllegalArgumentException(
          "unsafe fencing settings: akka.cluster.split-brain-resolver.active-strategy must be keep-majority with"
              + " keep-majority.role = \"" + registry + "\" (location-service.registry.role), the members an agent's lease"
              + " rule counts; it is " + strategy + " with role \"" + counted + "\"");
    }
  }
}
