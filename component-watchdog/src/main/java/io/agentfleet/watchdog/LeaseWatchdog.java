package io.agentfleet.watchdog;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Halts the component JVM it runs in when the agent that started it stops renewing its lease: the
 * agent was killed, froze, or is no longer sure it belongs to the cluster's majority. Loaded with
 * {@code -javaagent:component-watchdog.jar=<lease ms>:<lease file>} by the agent; the agent renews
 * by rewriting the file with new content. On a lapse the watchdog SIGKILLs the component's own child
 * processes and halts at once (no shutdown hooks: the component must not act once fenced), with
 * exit code {@value #FENCED_EXIT_CODE}.
 */
public final class LeaseWatchdog {
  /** The exit code of a component halted because its lease lapsed. */
  public static final int FENCED_EXIT_CODE = 97;

  private LeaseWatchdog() {}

  /** The JVM's entry point for {@code -javaagent}. */
  public static void premain(String arguments, Instrumentation unused) {
    int colon = arguments == null ? -1 : arguments.indexOf(':');
    if (colon <= 0 || colon == arguments.length() - 1) {
      fenced("bad watchdog arguments '" + arguments + "' (expected <lease ms>:<lease file>)");
    }
    long leaseMillis;
    try {
      leaseMillis = Long.parseLong(arguments.substring(0, colon));
    } catch (NumberFormatException e) {
      fenced("bad watchdog lease '" + arguments.substring(0, colon) + "' (expected milliseconds)");
      return;
    }
    Path file = Path.of(arguments.substring(colon + 1));
    long start = System.nanoTime();
    LeaseCheck check = LeaseCheck.startingWith(leaseMillis, read(file), start);
    // A tenth of the lease between looks: a lapse is acted on within 10 % of the lease.
    long pollNanos = Math.max(1, leaseMillis / 10) * 1_000_000L;
    Thread watchdog = new Thread(() -> watch(file, check, pollNanos), "lease-watchdog");
    watchdog.setDaemon(true);
    watchdog.setPriority(Thread.MAX_PRIORITY);
    watchdog.start();
  }

  private static void watch(Path file, LeaseCheck check, long pollNanos) {
    while (true) {
      long now = System.nanoTime();
      if (check.observe(read(file), now) == LeaseCheck.Outcome.LAPSED) {
        fenced("lease " + file + " not renewed for " + check.silentForMillis(now) + " ms: its agent is gone,"
            + " frozen or cut off from the cluster's majority; halting");
      }
      LockSupport.parkNanos(pollNanos);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException gone) {
      return new byte[0];
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static void fenced(String why) {
    System.err.println("[lease-watchdog] " + why);
    System.err.flush();
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    Runtime.getRuntime().halt(FENCED_EXIT_CODE);
  }
}
