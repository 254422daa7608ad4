package io.agentfleet.location.node;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fence's timing, checked against a member's configuration at start (see docs/architecture.md,
 * "Fencing"). An agent renews its components' leases only on evidence that a majority of the
 * registry members vouched for it, stamped with when it asked them; a member frees a lost agent's
 * names only once a majority of the registry members confirmed that {@link #lifeAfterEvidence} has
 * passed since each last vouched for it. Neither side depends on how soon anyone's failure detector
 * notices anything: the timing settings only have to be consistent among themselves.
 */
public record FencingTiming(Duration lease, Duration renewInterval, Duration haltTime, Duration fenceWait) {

  /** The fleet's fencing settings ({@code location-service.fencing}). */
  public static FencingTiming fromConfig(Config config) {
    return new FencingTiming(
        config.getDuration("location-service.fencing.lease"),
        config.getDuration("location-service.fencing.renew-interval"),
        config.getDuration("location-service.fencing.halt-time"),
        config.getDuration("location-service.fencing.fence-wait"));
  }

  /**
   * The longest a component may live past the evidence its last renewal rests on: the lease, the
   * watchdog's look every tenth of it, and the time to halt.
   */
  public Duration lifeAfterEvidence() {
    return lease.plus(lease.dividedBy(10)).plus(haltTime);
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
    if (haltTime.isNegative() || fenceWait.isNegative()) {
      wrong.add("location-service.fencing.halt-time and fence-wait must not be negative");
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
