package io.agentfleet.agent.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentLeasesTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final long MS = 1_000_000L;

  @TempDir Path dir;

  @Test
  void aRenewalIsStampedWithTheTimeOfItsEvidenceNotOfTheLookOrTheWrite() throws Exception {
    // The evidence (the send time of the newest round a majority of the registry members answered)
    // trails the clock by 300 ms: a renewal must say the evidence's time, so a component lives at
    // most a lease past the last moment a majority counted its agent in.
    AtomicLong clock = new AtomicLong(10_000 * MS);
    LongSupplier evidence = () -> clock.addAndGet(100 * MS) - 300 * MS;
    try (ComponentLeases leases = new ComponentLeases(dir, LEASE, Duration.ofMillis(10), evidence, clock::get)) {
      Path lease = leases.open("ESW.c-Service-http-1");
      Eventually.await("renewed a few times", Duration.ofSeconds(10), () -> tick(read(lease)) >= 3);
      String content = read(lease);
      // Opened with the evidence at 10,100 - 300 ms, then each tick's evidence is 100 ms newer.
      assertEquals(9_800 * MS + tick(content) * 100 * MS, stamp(content), content);
    }
  }

  @Test
  void aLeaseLastRenewedMoreThanALeaseAgoIsNeverRenewedAgain() throws Exception {
    // The first renewal stands still for 3 s (a freeze of the whole host) and the evidence after it is
    // fresh again: the lease opened before the freeze has lapsed and must stay lapsed.
    AtomicLong clock = new AtomicLong(10_000 * MS);
    AtomicBoolean freezeNext = new AtomicBoolean();
    LongSupplier evidence = () -> {
      if (freezeNext.getAndSet(false)) {
        clock.addAndGet(3000 * MS);
      }
      return clock.get();
    };
    try (ComponentLeases leases = new ComponentLeases(dir, LEASE, Duration.ofMillis(10), evidence, clock::get)) {
      Path lapsed = leases.open("ESW.d-Service-http-1");
      freezeNext.set(true);
      Eventually.await("the freeze has passed", Duration.ofSeconds(10), () -> !freezeNext.get());
      Path fresh = leases.open("ESW.e-Service-http-1");
      long opened = leases.ticks();
      Eventually.await("later ticks have run", Duration.ofSeconds(10), () -> leases.ticks() >= opened + 5);
      clock.addAndGet(100 * MS);
      Eventually.await("the fresh lease is renewed", Duration.ofSeconds(10), () -> tick(read(fresh)) > opened);
      assertEquals(10_000 * MS, stamp(read(lapsed)), "the lapsed lease still says the evidence from before the freeze");
    }
  }

  @Test
  void openLeasesAreRenewedOnlyWhileThereIsFreshEvidence() throws Exception {
    AtomicLong clock = new AtomicLong(10_000 * MS);
    AtomicBoolean sure = new AtomicBoolean(true);
    LongSupplier evidence = () -> sure.get() ? clock.addAndGet(MS) : ComponentLeases.NO_EVIDENCE;
    try (ComponentLeases leases = new ComponentLeases(dir, LEASE, Duration.ofMillis(20), evidence, clock::get)) {
      Path lease = leases.open("ESW.a-SequenceComponent-akka-3");
      String first = Files.readString(lease);
      Eventually.await("renewed", Duration.ofSeconds(10), () -> !read(lease).equals(first));

      sure.set(false);
      Eventually.await("renewals stop", Duration.ofSeconds(10), () -> !leases.renewing());
      String stopped = read(lease);
      long before = leases.ticks();
      // Several renew intervals later the content is the same: nothing renews a lease without evidence.
      Eventually.await("later ticks have run", Duration.ofSeconds(10), () -> leases.ticks() >= before + 5);
      assertEquals(stopped, read(lease));

      sure.set(true);
      Eventually.await("renewed again", Duration.ofSeconds(10), () -> !read(lease).equals(stopped));
    }
  }

  @Test
  void evidenceThatDoesNotMoveRenewsNothing() throws Exception {
    // A majority stopped answering (the agent is cut off): the last evidence stays where it was, and
    // no renewal claims a later time.
    AtomicLong clock = new AtomicLong(10_000 * MS);
    try (ComponentLeases leases = new ComponentLeases(dir, LEASE, Duration.ofMillis(10), () -> 9_900 * MS, clock::get)) {
      Path lease = leases.open("ESW.f-Service-http-1");
      long before = leases.ticks();
      Eventually.await("later ticks have run", Duration.ofSeconds(10), () -> leases.ticks() >= before + 5);
      assertEquals(9_900 * MS, stamp(read(lease)));
    }
  }

  @Test
  void noComponentIsStartedWithoutFreshEvidence() {
    AtomicLong clock = new AtomicLong(10_000 * MS);
    try (ComponentLeases none = new ComponentLeases(dir, LEASE, Duration.ofMillis(10), () -> ComponentLeases.NO_EVIDENCE, clock::get);
        ComponentLeases stale = new ComponentLeases(dir, LEASE, Duration.ofMillis(10), () -> 8_000 * MS, clock::get)) {
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> none.open("ESW.g-Service-http-1"));
      assertTrue(refused.getMessage().contains("no fresh evidence"), refused.getMessage());
      assertThrows(IllegalStateException.class, () -> stale.open("ESW.h-Service-http-1"));
      assertFalse(Files.exists(dir.resolve("ESW.g-Service-http-1.lease")));
    }
  }

  @Test
  void aClosedLeaseIsGoneAndStaysGone() throws Exception {
    try (ComponentLeases leases = new ComponentLeases(dir, LEASE, Duration.ofMillis(10), System::nanoTime)) {
      Path lease = leases.open("ESW.b-Service-http-1");
      assertTrue(Files.exists(lease));
      leases.close(lease);
      assertFalse(Files.exists(lease));
      long before = leases.ticks();
      Eventually.await("later ticks have run", Duration.ofSeconds(10), () -> leases.ticks() >= before + 5);
      assertFalse(Files.exists(lease), "no renewal writes it back");
    }
  }

  private static long tick(String content) {
    return Long.parseLong(content.split(" ")[0]);
  }

  private static long stamp(String content) {
    return Long.parseLong(content.split(" ")[1]);
  }

  private static String read(Path lease) {
    try {
      return Files.readString(lease);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
