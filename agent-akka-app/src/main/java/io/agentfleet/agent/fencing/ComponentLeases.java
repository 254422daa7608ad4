package io.agentfleet.agent.fencing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of the components this agent runs: one small file per run of a component, which the
 * component's watchdog ({@code component-watchdog}) reads. A thread of its own rewrites every open
 * lease each renew interval while {@code evidence} shows this member surely on the majority side; the
 * moment it does not, renewals stop and every component halts one lease later. The thread is its
 * own, not an actor's, so a busy dispatcher cannot starve renewals, and files are never written on an
 * actor's thread. Thread-safe; the one owner of the lease files.
 *
 * <p>A renewal is stamped with the monotonic time of the evidence it rests on: the send time of the
 * newest round of asking the registry members to vouch for this member that a majority of them
 * answered ({@link RegistryWitnesses}), not the time of the look or of the write. The watchdog counts
 * the lease from that stamp and takes no renewal stamped more than a lease ago. So a component lives
 * at most a lease past the last moment a majority of the registry members still counted its agent
 * in, whatever the agent's own view of the cluster says, and a JVM frozen between the look and the
 * write (SIGSTOP, a long GC pause) cannot extend a lease with evidence from before the freeze. For
 * the same reason a lease whose last renewal is more than a lease old is never renewed again: after a
 * freeze of the whole host (the components' watchdogs frozen too) the majority may already have
 * freed the name. The watchdog reads {@code System.nanoTime()}, the host's monotonic clock, as the
 * evidence does: the component is this agent's child on the same host.
 */
public final class ComponentLeases implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ComponentLeases.class);

  private final Path directory;
  /** No evidence (see {@link #ComponentLeases}). */
  public static final long NO_EVIDENCE = Long.MIN_VALUE;

  private final LongSupplier evidence;
  private final LongSupplier clock;
  private final long leaseNanos;
  /** Each open lease and the monotonic time of its last renewal. */
  private final Map<Path, Long> open = new HashMap<>();
  private long renewals;
  private long ticks;
  private final AtomicBoolean renewing = new AtomicBoolean(true);
  private final ScheduledExecutorService renewer;

  /**
   * @param directory where lease files live (created if missing)
   * @param lease how long a component lives without a renewal (its watchdog's lease)
   * @param renewInterval time between renewals; at most a third of the lease
   * @param evidence the monotonic time of the newest evidence that this member stands with the
   *     cluster's majority, or {@link #NO_EVIDENCE} while it is not sure of that
   */
  public ComponentLeases(Path directory, Duration lease, Duration renewInterval, LongSupplier evidence) {
    this(directory, lease, renewInterval, evidence, System::nanoTime);
  }

  /** As above, with the monotonic clock given (tests). */
  ComponentLeases(Path directory, Duration lease, Duration renewInterval, LongSupplier evidence, LongSupplier clock) {
    this.directory = directory;
    this.evidence = evidence;
    this.clock = clock;
    this.leaseNanos = lease.toNanos();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the lease directory " + directory, e);
    }
    this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "component-lease-renewer");
      t.setDaemon(true);
      t.setPriority(Thread.MAX_PRIORITY);
      return t;
    });
    long every = renewInterval.toMillis();
    renewer.scheduleAtFixedRate(this::renewAll, 0, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens (and renews at once) the lease of one run of a component, named {@code <connection>-<epoch>};
   * blocking file I/O, so call it where a process is started, never on an actor's thread. Returns the
   * file to hand the watchdog.
   */
  public synchronized Path open(String run) {
    long now = clock.getAsLong();
    long since = evidence.getAsLong();
    // A component started now lives a lease from its own start: only on fresh evidence.
    if (since == NO_EVIDENCE || now - since > leaseNanos / 2) {
      throw new NoEvidence();
    }
    Path lease = directory.resolve(run + ".lease");
    write(lease, renewals, since);
    open.put(lease, since);
    return lease;
  }

  /** {@link #open} found no fresh evidence that this member stands with the registry's majority. */
  public static final class NoEvidence extends IllegalStateException {
    NoEvidence() {
      super("this member has no fresh evidence that it stands with a majority of the registry members (cut off, or the"
          + " registry's majority unreachable): no component is started");
    }
  }

  /** The run ended: its lease is no longer renewed and its file goes. Blocking file I/O. */
  public synchronized void close(Path lease) {
    open.remove(lease);
    try {
      Files.deleteIfExists(lease);
    } catch (IOException e) {
      log.warn("cannot delete lease {}: {}", lease, e.getMessage());
    }
  }

  /** How many times the renewer has looked at the standing so far. */
  public synchronized long ticks() {
    return ticks;
  }

  /** Whether leases were renewed at the last tick (false while this member has no fresh evidence of its standing). */
  public boolean renewing() {
    return renewing.get();
  }

  // Synchronized with open and close, so a renewal never writes a lease back after its close.
  private synchronized void renewAll() {
    ticks++;
    try {
      // The renewal is worth no more than the evidence: it is stamped with the evidence's time. The
      // clock is read after it, so a stall in between counts against the leases, never for them.
      long since = evidence.getAsLong();
      long lookedAt = clock.getAsLong();
      boolean sure = since != NO_EVIDENCE && lookedAt - since <= leaseNanos;
      if (renewing.getAndSet(sure) != sure) {
        if (sure) {
          log.info("this member is on the cluster's majority side again: renewing component leases");
        } else {
          log.warn("this member is not sure it is on the cluster's majority side: component leases are no longer"
              + " renewed, and its {} components halt when their leases lapse", open.size());
        }
      }
      if (!sure) {
        return;
      }
      long tick = ++renewals;
      var leases = open.entrySet().iterator();
      while (leases.hasNext()) {
        var lease = leases.next();
        if (lookedAt - lease.getValue() > leaseNanos) {
          // Lapsed while this member was unsure of its standing, or stood still (this JVM or its whole
          // host frozen or starved): its component halts, or has halted.
          log.warn("lease {} was last renewed {} ms ago, more than its lease (this member was unsure of its standing,"
              + " or stood still): it is not renewed again, and its component halts", lease.getKey().getFileName(),
              (lookedAt - lease.getValue()) / 1_000_000);
          leases.remove();
          continue;
        }
        if (since > lease.getValue()) {
          write(lease.getKey(), tick, since);
          lease.setValue(since);
        }
      }
    } catch (RuntimeException e) {
      // A failed tick must not end the schedule; the next one tries again.
      log.warn("renewing component leases failed: {}", e.toString());
    }
  }

  /** The file's content is {@code <tick> <monotonic nanos of the evidence>}. */
  private void write(Path lease, long tick, long stamp) {
    // Written aside and moved into place, so the watchdog never reads a half-written file.
    Path next = lease.resolveSibling(lease.getFileName() + ".next");
    try {
      Files.writeString(next, tick + " " + stamp);
      Files.move(next, lease, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot renew lease " + lease, e);
    }
  }

  @Override
  public void close() {
    renewer.shutdownNow();
  }
}
