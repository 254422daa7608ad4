package io.agentfleet.agent.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentLeasesTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final long MS = 1_000_000L;

  @TempDir Path dir;

  @Test
  void aRenewalIsStampedWithTheTimeOfTheLookAtTheStandingNotOfTheWrite() throws Exception {
    // Each look at the standing takes 100 ms of the (given) monotonic clock: a renewal found sure at
    // t must say t, so a write delayed by a freeze cannot claim the time it happened to be written.
    AtomicLong clock = new AtomicLong();
    BooleanSupplier slowLook = () -> {
      clock.addAndGet(100 * MS);
      return true;
    };
    try (ComponentLeases leases = new ComponentLeases(dir, LEASE, Duration.ofMillis(10), slowLook, clock::get)) {
      Path lease = leases.open("ESW.c-Service-http-1");
      Eventually.await("renewed a few times", Duration.ofSeconds(10), () -> tick(read(lease)) >= 3);
      String content = read(lease);
      // Opened at 0, then looks at 0, 100 ms, 200 ms, ...: renewal k was looked at (k - 1) * 100 ms.
      assertEquals((tick(content) - 1) * 100 * MS, stamp(content), content);
    }
  }

  @Test
  void aLeaseLastRenewedMoreThanALeaseAgoIsNeverRenewedAgain() throws Exception {
    // The first look at the standing stands still for 3 s (a freeze of the whole host): when the
    // renewer runs again, the lease opened at 0 has lapsed and must stay lapsed.
    AtomicLong clock = new AtomicLong();
    AtomicBoolean frozeOnce = new AtomicBoolean();
    BooleanSupplier look = () -> {
      if (!frozeOnce.getAndSet(true)) {
        clock.addAndGet(3000 * MS);
      }
      return true;
    };
    try (ComponentLeases leases = new ComponentLeases(dir, LEASE, Duration.ofMillis(10), look, clock::get)) {
      Path lapsed = leases.open("ESW.d-Service-http-1");
      Eventually.await("the freeze has passed", Duration.ofSeconds(10), () -> leases.ticks() >= 2);
      Path fresh = leases.open("ESW.e-Service-http-1");
      long opened = leases.ticks();
      Eventually.await("later ticks have run", Duration.ofSeconds(10), () -> leases.ticks() >= opened + 5);
      assertEquals(0, stamp(read(lapsed)), "the lapsed lease still says the look before the freeze");
      assertTrue(tick(read(lapsed)) <= 1, read(lapsed));
      assertTrue(tick(read(fresh)) > opened, "a lease opened after the freeze is renewed: " + read(fresh));
    }
  }

  @Test
  void openLeasesAreRenewedOnlyWhileTheStandingIsSure() throws Exception {
    AtomicBoolean sure = new AtomicBoolean(true);
    try (ComponentLeases leases = new ComponentLeases(dir, LEASE, Duration.ofMillis(20), sure::get)) {
      Path lease = leases.open("ESW.a-SequenceComponent-akka-3");
      String first = Files.readString(lease);
      Eventually.await("renewed", Duration.ofSeconds(10), () -> !read(lease).equals(first));

      sure.set(false);
      Eventually.await("renewals stop", Duration.ofSeconds(10), () -> !leases.renewing());
      String stopped = read(lease);
      long before = leases.ticks();
      // Several renew intervals later the content is the same: nothing renews a lease of an unsure member.
      Eventually.await("later ticks have run", Duration.ofSeconds(10), () -> leases.ticks() >= before + 5);
      assertTrue(read(lease).equals(stopped));

      sure.set(true);
      Eventually.await("renewed again", Duration.ofSeconds(10), () -> !read(lease).equals(stopped));
    }
  }

  @Test
  void aClosedLeaseIsGoneAndStaysGone() throws Exception {
    try (ComponentLeases leases = new ComponentLeases(dir, LEASE, Duration.ofMillis(10), () -> true)) {
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
