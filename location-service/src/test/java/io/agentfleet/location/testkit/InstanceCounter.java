package io.agentfleet.location.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the one promise while a test runs: every 50 ms it counts the live processes of a component
 * name ({@link ComponentInstances}) and keeps every sample that found two or more. A test fails when
 * {@link #doubles()} is not empty at its end.
 */
public final class InstanceCounter implements AutoCloseable {
  /** A sample that found more than one live process of the name. */
  public record Double(long atMillis, List<Long> pids) {}

  private final String prefix;
  private final long startedNanos = System.nanoTime();
  private final ScheduledExecutorService sampler;
  private final List<Double> doubles = new ArrayList<>();
  private long samples;
  private int most;

  private InstanceCounter(String prefix) {
    this.prefix = prefix;
    this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "instance-counter-" + prefix);
      t.setDaemon(true);
      return t;
    });
    sampler.scheduleAtFixedRate(this::sample, 0, 50, TimeUnit.MILLISECONDS);
  }

  /** Starts counting the live processes of {@code prefix} (e.g. {@code ESW.dup1}). */
  public static InstanceCounter watching(String prefix) {
    return new InstanceCounter(prefix);
  }

  private void sample() {
    List<Long> pids = ComponentInstances.of(prefix);
    synchronized (this) {
      samples++;
      most = Math.max(most, pids.size());
      if (pids.size() > 1) {
        doubles.add(new Double(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos), pids));
      }
    }
  }

  /** Every sample so far that found two or more live processes of the name. */
  public synchronized List<Double> doubles() {
    return List.copyOf(doubles);
  }

  /** How many samples were taken. */
  public synchronized long samples() {
    return samples;
  }

  /** The most live processes of the name any sample found. */
  public synchronized int most() {
    return most;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }

  @Override
  public synchronized String toString() {
    return prefix + ": " + samples + " samples, at most " + most + " live, " + doubles.size() + " samples with two or more";
  }
}
