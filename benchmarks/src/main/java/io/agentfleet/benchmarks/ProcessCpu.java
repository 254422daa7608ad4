package io.agentfleet.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time (user + system) that a set of processes has used, from {@code /proc/<pid>/stat}. CPU
 * per operation changes little when something else loads the machine, unlike latency, so it is the
 * steadier figure on a shared two-core box.
 */
public final class ProcessCpu {
  // USER_HZ: the unit of utime/stime in /proc; 100 on every Linux the project runs on.
  private static final double MILLIS_PER_TICK = 10.0;

  private final List<ExternalProcess> processes;

  public ProcessCpu(List<ExternalProcess> processes) {
    this.processes = List.copyOf(processes);
  }

  /** How many processes are counted. */
  public int size() {
    return processes.size();
  }

  /** Milliseconds of CPU used so far by all the processes together. */
  public double millis() {
    double total = 0;
    for (ExternalProcess process : processes) {
      total += ticks(process.pid()) * MILLIS_PER_TICK;
    }
    return total;
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command name (which may contain spaces) close with ") ".
      String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
    }
  }
}
