package io.agentfleet.agent.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What to start: the full argv, the environment to add, and where its log goes. */
public record LaunchSpec(List<String> command, Map<String, String> environment, Path logFile, long maxLogBytes, int maxLogFiles) {
  public LaunchSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }
}
