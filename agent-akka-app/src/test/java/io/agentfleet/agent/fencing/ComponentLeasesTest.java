package io.agentfleet.agent.fencing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentLeasesTest {
  @TempDir Path dir;

  @Test
  void openLeasesAreRenewedOnlyWhileTheStandingIsSure() throws Exception {
    AtomicBoolean sure = new AtomicBoolean(true);
    try (ComponentLeases leases = new ComponentLeases(dir, Duration.ofMillis(20), sure::get)) {
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
    try (ComponentLeases leases = new ComponentLeases(dir, Duration.ofMillis(10), () -> true)) {
      Path lease = leases.open("ESW.b-Service-http-1");
      assertTrue(Files.exists(lease));
      leases.close(lease);
      assertFalse(Files.exists(lease));
      long before = leases.ticks();
      Eventually.await("later ticks have run", Duration.ofSeconds(10), () -> leases.ticks() >= before + 5);
      assertFalse(Files.exists(lease), "no renewal writes it back");
    }
  }

  private static String read(Path lease) {
    try {
      return Files.readString(lease);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
