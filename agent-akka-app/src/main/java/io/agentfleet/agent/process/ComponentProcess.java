package io.agentfleet.agent.process;

import io.agentfleet.location.node.MemberTransport;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A running component: a JVM in a process group of its own (started through {@code setsid}, so the
 * whole tree, also children that reparent, can be signalled at once), with its output pumped into a
 * {@link RotatingLog} by a thread of its own.
 */
public final class ComponentProcess implements RunningProcess {
  /** Environment variables that carry the fleet's secrets; never handed to a component. */
  static final Set<String> SECRETS = Set.of(MemberTransport.PASSWORD_ENV, "FLEET_HTTPS_PASSWORD", "FLEET_CLIENT_SECRET");

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
    Map<String, String> environment = environmentFor(builder.environment(), spec.environment());
    builder.environment().clear();
    builder.environment().putAll(environment);
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

  /**
   * A component's environment: the agent's own, without the fleet's secrets, plus its launch spec's.
   * The agent may be given the member stores' password (or the service's, or a client secret) in its
   * environment; a component is another program and must not read them from /proc/PID/environ or
   * pass them on to its own children.
   */
  static Map<String, String> environmentFor(Map<String, String> inherited, Map<String, String> own) {
    Map<String, String> environment = new HashMap<>(inherited);
    environment.keySet().removeAll(SECRETS);
    environment.putAll(own);
    return environment;
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
