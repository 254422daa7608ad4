package io.agentfleet.agent.process;

import io.agentfleet.agent.kinds.LaunchCommand;
import io.agentfleet.location.model.Prefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Components that an earlier run of this host's agent started and left running when it died
 * (SIGKILL, a crash): their registrations went with that agent's membership, so they run unknown to
 * the registry, and the same names could be spawned a second time. They carry the agent's marker in
 * their command line ({@link LaunchCommand#spawnedByMarker}). Found before the new agent starts
 * anything, stopped once it holds its name.
 */
public final class LeftBehind {
  private final List<ProcessHandle> processes;

  private LeftBehind(List<ProcessHandle> processes) {
    this.processes = List.copyOf(processes);
  }

  /** The live processes on this host marked as spawned by {@code agent}, other than this JVM. */
  public static LeftBehind by(Prefix agent) {
    String marker = LaunchCommand.spawnedByMarker(agent.toString());
    long self = ProcessHandle.current().pid();
    // The agent's components run as the agent's user: a process of another user is never one of them.
    java.util.Optional<String> user = ProcessHandle.current().info().user();
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self && p.isAlive())
        .filter(p -> user.isPresent() && p.info().user().equals(user))
        .filter(p -> p.info().arguments().map(args -> List.of(args).contains(marker)).orElse(false))
        .forEach(found::add);
    return new LeftBehind(found);
  }

  public List<ProcessHandle> processes() {
    return processes;
  }

  /** Ends every one of them with its whole tree: SIGTERM, {@code grace}, SIGKILL. */
  public CompletionStage<Integer> stop(Duration grace, Executor blocking) {
    List<CompletableFuture<ProcessTree.Ending>> endings = new ArrayList<>();
    for (ProcessHandle process : processes) {
      endings.add(ProcessTree.terminate(process, grace, blocking).toCompletableFuture());
    }
    return CompletableFuture.allOf(endings.toArray(CompletableFuture[]::new)).thenApply(done -> processes.size());
  }
}
