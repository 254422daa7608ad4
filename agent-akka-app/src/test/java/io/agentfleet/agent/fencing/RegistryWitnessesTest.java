package io.agentfleet.agent.fencing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.registry.LocationRegistry;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.InProcessMember;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence an agent's lease renewals rest on, from real witnesses of a three-member cluster in
 * this JVM: it keeps up while a majority of the registry members answer, and stops the moment this
 * member is cut off from them, before any failure detector has said a word; its leases then lapse.
 */
class RegistryWitnessesTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static List<InProcessMember> members;

  @BeforeAll
  static void start() {
    members = InProcessMember.upTogether(3, InProcessMember.partitionable());
    members.forEach(member -> LocationRegistry.get(member.system()));
  }

  @AfterAll
  static void stop() {
    if (members != null) {
      for (int i = members.size() - 1; i >= 0; i--) {
        members.get(i).close();
      }
    }
  }

  @Test
  void evidenceStopsAtTheCutAndTheLeasesLapse(@TempDir Path dir) {
    InProcessMember agent = members.get(0);
    AtomicLong evidence = new AtomicLong(ComponentLeases.NO_EVIDENCE);
    agent.testKit().spawn(RegistryWitnesses.create("registry", Duration.ofMillis(100), evidence));
    try (ComponentLeases leases = new ComponentLeases(dir, LEASE, Duration.ofMillis(100), evidence::get)) {
      Eventually.await("a majority vouches", Duration.ofSeconds(30), () -> fresh(evidence.get()));
      Path lease = leases.open("ESW.w-Service-http-1");

      long cutAt = System.nanoTime();
      agent.cutOffFrom(members.get(1));
      agent.cutOffFrom(members.get(2));
      Eventually.await("the leases are no longer renewed", Duration.ofSeconds(30), () -> !leases.renewing());
      // Its own witness still answers, but one of three is no majority: nothing after the cut counts.
      assertTrue(evidence.get() < cutAt, "evidence from before the cut only");
      assertTrue(stamp(lease) < cutAt, "no renewal claims a time after the cut");

      agent.reconnect(members.get(1));
      agent.reconnect(members.get(2));
      Eventually.await("a majority vouches again", Duration.ofSeconds(60), () -> evidence.get() > cutAt);
    }
  }

  private static boolean fresh(long evidence) {
    return evidence != ComponentLeases.NO_EVIDENCE && System.nanoTime() - evidence < LEASE.toNanos() / 4;
  }

  private static long stamp(Path lease) {
    try {
      return Long.parseLong(java.nio.file.Files.readString(lease).split(" ")[1]);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
