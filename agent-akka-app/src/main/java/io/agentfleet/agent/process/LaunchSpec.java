package io.agentfleet.agent.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to start: a name for this run that is unique on the host ({@code <connection>-<epoch>}), the
 * full argv, the environment to add, and where its log goes.
 */
public record LaunchSpec(String run, List<String> command, Map<String, String> environment, Path logFile, long maxLogBytes, int maxLogFiles) {
  public LaunchSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }

  /** The same run with {@code option} as the JVM's first option (right after the java executable). */
  public LaunchSpec withJvmOption(String option) {
    List<String> with = new java.util.ArrayList<>(command);
    with.add(1, option);
    return new LaunchSpec(run, with, environment, logFile, maxLogBytes, maxLogFiles);
  }
}
