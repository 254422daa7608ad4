package io.agentfleet.benchmarks;

import java.util.List;
import java.util.Map;

/**
 * A set of failure-detection and fencing timings that every member of a failover trial runs with,
 * as JVM system properties over the members' own configuration.
 */
record TimingProfile(String name, Map<String, String> settings) {
  /**
   * What the product ships: SBR stable-after 2 s; a lost agent's names are freed once a majority of
   * the registry members confirm the leases they vouched for have run out.
   */
  static final TimingProfile PRODUCT = new TimingProfile("product (stable-after 2 s, witnessed leases)", Map.of());

  /**
   * The timed fence the product had before witnessed leases: names freed 4 s after a member knew
   * the lost one was downed (fence-wait, now an optional extra margin), on top of the confirmation.
   */
  static final TimingProfile TIMED_FENCE = new TimingProfile("timed fence as before (fence wait 4 s)", Map.of(
      "location-service.fencing.fence-wait", "4s"));

  /** Akka's default downing timing: stable-after 20 s. */
  static final TimingProfile AKKA_DEFAULTS = new TimingProfile("Akka defaults (stable-after 20 s)", Map.of(
      "akka.cluster.split-brain-resolver.stable-after", "20s",
      "akka.cluster.unreachable-nodes-reaper-interval", "1s"));

  static final List<TimingProfile> ALL = List.of(PRODUCT, TIMED_FENCE, AKKA_DEFAULTS);

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
    for (TimingProfile baseline : List.of(TIMED_FENCE, AKKA_DEFAULTS)) {
      if (results.containsKey(PRODUCT) && results.containsKey(baseline)) {
        System.out.printf("median ratio product / %s: %.2f%n", baseline.name(),
            (double) median(results.get(PRODUCT)) / median(results.get(baseline)));
      }
    }
  }
}
