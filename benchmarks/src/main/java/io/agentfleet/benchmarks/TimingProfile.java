package io.agentfleet.benchmarks;

import java.util.List;
import java.util.Map;

/**
 * A set of failure-detection and fencing timings that every member of a failover trial runs with,
 * as JVM system properties over the members' own configuration.
 */
record TimingProfile(String name, Map<String, String> settings) {
  /** What the product ships: SBR stable-after 2 s, then a 4 s fence wait before names are freed. */
  static final TimingProfile PRODUCT = new TimingProfile("product (stable-after 2 s, fence wait 4 s)", Map.of());

  /**
   * Akka's default downing timing: stable-after 20 s, which by itself outlasts a component's lease
   * (2 s) plus its halt time, so no fence wait is added (the start-up check accepts that).
   */
  static final TimingProfile AKKA_DEFAULTS = new TimingProfile("Akka defaults (stable-after 20 s, no fence wait)", Map.of(
      "akka.cluster.split-brain-resolver.stable-after", "20s",
      "akka.cluster.unreachable-nodes-reaper-interval", "1s",
      "location-service.fencing.fence-wait", "0s"));

  static final List<TimingProfile> BOTH = List.of(PRODUCT, AKKA_DEFAULTS);

  List<String> jvmOptions() {
    return settings.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList();
  }

  static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  /** Prints median, min and max of each profile's trials and the ratio of the medians. */
  static void report(String fault, Map<TimingProfile, List<Long>> results) {
    System.out.println();
    System.out.printf("%-50s %8s %8s %8s%n", "timings: " + fault, "median", "min", "max");
    results.forEach((profile, ms) -> System.out.printf("%-50s %6d ms %6d ms %6d ms   %s%n",
        profile.name(), median(ms), ms.stream().min(Long::compare).orElseThrow(), ms.stream().max(Long::compare).orElseThrow(), ms));
    System.out.printf("median ratio product / Akka defaults: %.2f%n",
        (double) median(results.get(PRODUCT)) / median(results.get(AKKA_DEFAULTS)));
  }
}
