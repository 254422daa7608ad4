package io.agentfleet.benchmarks;

import java.time.Duration;
import java.util.Arrays;

/** Latencies of one workload: percentiles of the per-operation times and the throughput. */
public record LoadResult(String name, int operations, int failures, Duration wall, long[] latenciesNanos) {
  public double percentileMillis(double p) {
    long[] sorted = latenciesNanos.clone();
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  public double throughput() {
    return operations / (wall.toNanos() / 1e9);
  }

  public String row() {
    return String.format("| %s | %d | %d | %.2f | %.2f | %.2f | %.0f |",
        name, operations, failures, percentileMillis(50), percentileMillis(99), percentileMillis(100), throughput());
  }

  public static String header() {
    return "| workload | ops | failed | p50 ms | p99 ms | max ms | ops/s |\n|---|---|---|---|---|---|---|";
  }
}
