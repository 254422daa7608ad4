package io.agentfleet.benchmarks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the registry's durable option costs: register-if-absent and resolve on a three-node registry
 * with its replica in memory and on another with it in LMDB (location-service.registry.durable), in
 * one run, on loopback. Usage: {@code DurableRegistryBenchmark [registrations] [resolves] [concurrency]}.
 */
public final class DurableRegistryBenchmark {
  public static void main(String[] args) throws Exception {
    int registrations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int resolves = args.length > 1 ? Integer.parseInt(args[1]) : 10000;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    Path out = Path.of("benchmarks", "target", "durable-registry-benchmark.md");
    Path data = Files.createDirectories(Path.of("benchmarks", "target", "durable-data-" + System.currentTimeMillis()));
    List<ExternalProcess> started = new ArrayList<>();
    try {
      List<URI> memory = RegistryBenchmark.startRegistry(started, "registry-memory", Map.of());
      ProcessCpu memoryCpu = new ProcessCpu(started.subList(started.size() - 3, started.size()));
      String durableOptions =
          "-Dlocation-service.registry.durable.enabled=on -Dlocation-service.registry.durable.directory=" + data.toAbsolutePath();
      List<URI> durable = RegistryBenchmark.startRegistry(started, "registry-durable", Map.of("JAVA_TOOL_OPTIONS", durableOptions));
      ProcessCpu durableCpu = new ProcessCpu(started.subList(started.size() - 3, started.size()));
      List<String> cpuRows = new ArrayList<>();
      HttpLoad load = new HttpLoad();
      Duration cap = Duration.ofMinutes(2);
      List<LoadResult> results = new ArrayList<>();

      load.run("warm-up", 1000, concurrency, cap, i -> RegistryBenchmark.registerRegistry(memory, "warm" + i), r -> true);
      load.run("warm-up", 1000, concurrency, cap, i -> RegistryBenchmark.registerRegistry(durable, "warm" + i), r -> true);

      // Alternating halves, so a change in the machine's other load falls on both alike.
      int half = registrations / 2;
      for (int round = 0; round < 2; round++) {
        int from = round * half;
        results.add(RegistryBenchmark.measured(cpuRows, memoryCpu, () -> load.run("register-if-absent: in memory", half, concurrency, cap, i -> RegistryBenchmark.registerRegistry(memory, "r" + (from + i)), r -> r.statusCode() == 201)));
        results.add(RegistryBenchmark.measured(cpuRows, durableCpu, () -> load.run("register-if-absent: durable (LMDB)", half, concurrency, cap, i -> RegistryBenchmark.registerRegistry(durable, "r" + (from + i)), r -> r.statusCode() == 201)));
      }
      int[] picks = new Random(42).ints(resolves, 0, 2 * half).toArray();
      results.add(RegistryBenchmark.measured(cpuRows, memoryCpu, () -> load.run("resolve: in memory", resolves, concurrency, cap, i -> RegistryBenchmark.resolveRegistry(memory, "r" + picks[i]), r -> r.statusCode() == 200)));
      results.add(RegistryBenchmark.measured(cpuRows, durableCpu, () -> load.run("resolve: durable (LMDB)", resolves, concurrency, cap, i -> RegistryBenchmark.resolveRegistry(durable, "r" + picks[i]), r -> r.statusCode() == 200)));

      StringBuilder report = new StringBuilder();
      report.append(LoadResult.header()).append('\n');
      results.forEach(r -> report.append(r.row()).append('\n'));
      report.append("\n| workload | CPU of the three members, ms per operation |\n|---|---|\n");
      cpuRows.forEach(row -> report.append(row).append('\n'));
      for (int round = 0; round < 2; round++) {
        LoadResult off = results.get(2 * round);
        LoadResult on = results.get(2 * round + 1);
        report.append(String.format("%nround %d, durable / in memory: register p50 %.2f, p99 %.2f, throughput %.2f",
            round + 1, on.percentileMillis(50) / off.percentileMillis(50), on.percentileMillis(99) / off.percentileMillis(99),
            on.throughput() / off.throughput()));
      }
      report.append(String.format("%nresolve throughput durable / in memory: %.2f%n", results.get(5).throughput() / results.get(4).throughput()));
      RegistryBenchmark.finish(report, registrations, resolves, concurrency, out);
    } finally {
      started.forEach(ExternalProcess::close);
    }
  }
}
