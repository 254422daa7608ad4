package io.agentfleet.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog in real component JVMs, loaded with -javaagent from the packaged jar. */
class LeaseWatchdogIT {
  private static final Path JAR = Path.of("target", "component-watchdog.jar");
  private static final long LEASE_MS = 1500;

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();
  private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void cleanUp() {
    renewer.shutdownNow();
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void aRenewedLeaseKeepsTheComponentAlive() throws Exception {
    Path lease = dir.resolve("a.lease");
    renew(lease);
    Process component = start(LEASE_MS + ":" + lease);
    assertFalse(component.waitFor(3 * LEASE_MS, TimeUnit.MILLISECONDS), "alive for three leases while renewed");
  }

  @Test
  void aLeaseThatIsNoLongerRenewedHaltsTheComponentAndItsChildren() throws Exception {
    Path lease = dir.resolve("b.lease");
    AtomicLong renewals = renew(lease);
    Process component = start(LEASE_MS + ":" + lease, "--child");
    long child = childPid(component);
    assertFalse(component.waitFor(LEASE_MS, TimeUnit.MILLISECONDS));
    renewer.shutdownNow();
    assertTrue(renewer.awaitTermination(5, TimeUnit.SECONDS));
    long stopped = System.nanoTime();
    assertTrue(renewals.get() > 0);
    // Generous for a busy machine; the lower bound below is the one that matters for fencing.
    assertTrue(component.waitFor(LEASE_MS + 10_000, TimeUnit.MILLISECONDS), "halted after the lease lapsed");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
    System.out.printf("watchdog: halted %d ms after the last renewal (lease %d ms)%n", tookMs, LEASE_MS);
    assertEquals(LeaseWatchdog.FENCED_EXIT_CODE, component.exitValue());
    // The last renewal may have come one renewal interval before the renewer stopped.
    assertTrue(tookMs >= LEASE_MS - LEASE_MS / 5 - 50, "not before the lease lapsed: " + tookMs + " ms");
    assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "its child is gone too");
    assertTrue(new String(component.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).contains("not renewed"));
  }

  @Test
  void renewalsThatWereALeaseOldWhenWrittenDoNotKeepTheComponentAlive() throws Exception {
    // As an agent frozen between its look at the cluster and its write would write them: new content
    // every renewal interval, each carrying a look (on this host's monotonic clock) 2 leases old.
    Path lease = dir.resolve("c.lease");
    AtomicLong renewals = renew(lease, 2 * LEASE_MS);
    Process component = start(LEASE_MS + ":" + lease);
    assertTrue(component.waitFor(LEASE_MS + 10_000, TimeUnit.MILLISECONDS), "halted although the file kept changing");
    assertEquals(LeaseWatchdog.FENCED_EXIT_CODE, component.exitValue());
    assertTrue(renewals.get() > 0, "the file was being renewed all along");
    // Its first lease counts from the stale stamp it found at its start, not from the start.
    assertTrue(new String(component.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).contains("not renewed"));
  }

  @Test
  void aLeaseFileThatNeverAppearsHaltsTheComponent() throws Exception {
    Process component = start(LEASE_MS + ":" + dir.resolve("never.lease"));
    assertTrue(component.waitFor(LEASE_MS + 10_000, TimeUnit.MILLISECONDS));
    assertEquals(LeaseWatchdog.FENCED_EXIT_CODE, component.exitValue());
  }

  @Test
  void badArgumentsHaltAtOnceWithTheReason() throws Exception {
    Process component = start("soon");
    assertTrue(component.waitFor(30, TimeUnit.SECONDS));
    assertEquals(LeaseWatchdog.FENCED_EXIT_CODE, component.exitValue());
    assertTrue(new String(component.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).contains("bad watchdog arguments"));
  }

  private AtomicLong renew(Path lease) {
    return renew(lease, 0);
  }

  /** Renews as the agent does ({@code <tick> <monotonic nanos of its look>}), the look {@code agoMs} back. */
  private AtomicLong renew(Path lease, long agoMs) {
    AtomicLong count = new AtomicLong();
    renewer.scheduleAtFixedRate(() -> {
      try {
        long lookedAt = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(agoMs);
        Files.writeString(lease, count.incrementAndGet() + " " + lookedAt);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, 0, LEASE_MS / 5, TimeUnit.MILLISECONDS);
    return count;
  }

  private Process start(String watchdogArgs, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-javaagent:" + JAR.toAbsolutePath() + "=" + watchdogArgs,
        "-cp", Path.of("target", "test-classes").toAbsolutePath().toString(),
        IdleComponent.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    started.add(process);
    return process;
  }

  private static long childPid(Process component) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(component.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertTrue(line != null && line.startsWith("child "), "first line: " + line);
    return Long.parseLong(line.substring("child ".length()));
  }
}
