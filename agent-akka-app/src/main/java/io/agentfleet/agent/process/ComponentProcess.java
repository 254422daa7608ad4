package io.agentfleet.agent.process;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A running component: a JVM in a process group of its own (started through {@code setsid}, so the
 * whole tree, also children that reparent, can be signalled at once), with its output pumped into a
 * {@link RotatingLog} by a thread of its own.
 */
public final class ComponentProcess implements RunningProcess {
  private final ProcessHandle handle;
  private final Instant startedAt;
  private final RotatingLog log;
  private final CompletableFuture<Integer> exit;

  private ComponentProcess(Process process, RotatingLog log, CompletableFuture<Void> pumped) {
    this.handle = process.toHandle();
    this.startedAt = Instant.now();
    this.log = log;
    // The exit is reported once the log is complete, so a failure report has the last lines.
    this.exit = process.onExit().thenCombine(pumped, (p, done) -> p.exitValue());
  }

  /**
   * Starts the process. Blocking (fork/exec and file creation): call it from a dedicated executor,
   * never from an actor's thread.
   */
  public static ComponentProcess start(LaunchSpec spec) throws IOException {
    List<String> command = new ArrayList<>();
    // setsid runs the command as the leader of a new session and process group, keeping the pid:
    // a child of the JVM is never a group leader, so setsid does not need to fork.
    command.add("setsid");
    command.addAll(spec.command());
    RotatingLog log = new RotatingLog(spec.logFile(), spec.maxLogBytes(), spec.maxLogFiles());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(spec.environment());
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<Void> pumped = new CompletableFuture<>();
    Thread pump =
        new Thread(
            () -> {
              log.pump(process.getInputStream());
              pumped.complete(null);
            },
            "log-pump-" + process.pid());
    pump.setDaemon(true);
    pump.start();
    return new ComponentProcess(process, log, pumped);
  }

  @Override
  public long pid() {
    return handle.pid();
  }

  public ProcessHandle handle() {
    return handle;
  }

  @Override
  public Instant startedAt() {
    return startedAt;
  }

  public RotatingLog log() {
    return log;
  }

  @Override
  public CompletionStage<Integer> exit() {
    return exit;
  }

  @Override
  public List<String> logTail(int n) {
    return log.tail(n);
  }
}
