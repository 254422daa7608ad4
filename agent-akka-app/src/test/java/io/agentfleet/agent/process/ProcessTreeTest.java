package io.agentfleet.agent.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sample-component processes, started and ended the way the agent does it. */
class ProcessTreeTest {
  @TempDir Path logs;
  private final ExecutorService blocking = Executors.newCachedThreadPool();
  private final List<ComponentProcess> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(p -> {
      p.handle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.handle().destroyForcibly();
    });
    blocking.shutdownNow();
  }

  private ComponentProcess start(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.agentfleet.agent.sample.SampleComponent"));
    command.addAll(List.of(args));
    ComponentProcess process = ComponentProcess.start(new LaunchSpec("c-1", command, Map.of(), logs.resolve("c.log"), 1 << 20, 2));
    started.add(process);
    return process;
  }

  private static void awaitLine(ComponentProcess process, String text) {
    Eventually.await("the component prints '" + text + "'", Duration.ofSeconds(20),
        () -> process.log().tail(50).stream().anyMatch(line -> line.contains(text)));
  }

  @Test
  void exitCodeAndOutputAreCaptured() throws Exception {
    ComponentProcess process = start("--exit-code", "3", "--log-lines", "2");
    assertEquals(3, process.exit().toCompletableFuture().get(20, TimeUnit.SECONDS));
    assertTrue(process.log().tail(10).contains("exiting with 3"), process.log().tail(10).toString());
  }

  @Test
  void theProcessIsTheLeaderOfItsOwnGroup() throws Exception {
    ComponentProcess process = start();
    awaitLine(process, "not registering");
    // setsid execs in place: the pid is the java process and its process group id (see /proc).
    String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    assertEquals(Long.toString(process.pid()), fields[2], "pgrp");
    assertTrue(process.handle().info().command().orElse("").endsWith("java"));
  }

  @Test
  void sigtermEndsANormalComponent() throws Exception {
    ComponentProcess process = start();
    awaitLine(process, "not registering");
    assertEquals(ProcessTree.Ending.EXITED_ON_TERM,
        ProcessTree.terminate(process.handle(), Duration.ofSeconds(10), blocking).toCompletableFuture().get(20, TimeUnit.SECONDS));
    assertFalse(process.handle().isAlive());
  }

  @Test
  void aComponentIgnoringSigtermIsKilledAfterTheGrace() throws Exception {
    ComponentProcess process = start("--ignore-sigterm");
    awaitLine(process, "not registering");
    assertEquals(ProcessTree.Ending.KILLED_AFTER_GRACE,
        ProcessTree.terminate(process.handle(), Duration.ofMillis(500), blocking).toCompletableFuture().get(20, TimeUnit.SECONDS));
    assertFalse(process.handle().isAlive());
  }

  @Test
  void forkedChildrenEndWithTheComponentAndGoneIsAlreadyGone() throws Exception {
    ComponentProcess process = start("--fork-child");
    awaitLine(process, "forked child pid");
    List<ProcessHandle> children = process.handle().children().toList();
    assertFalse(children.isEmpty());
    ProcessTree.terminate(process.handle(), Duration.ofSeconds(5), blocking).toCompletableFuture().get(20, TimeUnit.SECONDS);
    Eventually.await("the child is gone", Duration.ofSeconds(5), () -> children.stream().noneMatch(ProcessHandle::isAlive));
    assertEquals(ProcessTree.Ending.ALREADY_GONE,
        ProcessTree.terminate(process.handle(), Duration.ofSeconds(5), blocking).toCompletableFuture().get(20, TimeUnit.SECONDS));
  }

  @Test
  void theProcessTableIsReadOnlyOnTheBlockingExecutorNeverOnTheCallersThread() throws Exception {
    RecordingHandle root = new RecordingHandle();
    ExecutorService blockingThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "blocking-test"));
    try {
      ProcessTree.terminate(root, Duration.ofSeconds(1), blockingThread).toCompletableFuture().get(20, TimeUnit.SECONDS);
    } finally {
      blockingThread.shutdownNow();
    }
    assertFalse(root.readBy.isEmpty());
    assertEquals(java.util.Set.of("blocking-test"), java.util.Set.copyOf(root.readBy), "threads that read /proc: " + root.readBy);
  }

  /** A process that is not there: it records which threads asked about it (isAlive, descendants read /proc). */
  private static final class RecordingHandle implements ProcessHandle {
    final List<String> readBy = java.util.Collections.synchronizedList(new ArrayList<>());

    private void read() {
      readBy.add(Thread.currentThread().getName());
    }

    @Override
    public long pid() {
      return 2_000_000_000L; // beyond any pid_max: a signal to its group reaches nothing
    }

    @Override
    public java.util.Optional<ProcessHandle> parent() {
      read();
      return java.util.Optional.empty();
    }

    @Override
    public java.util.stream.Stream<ProcessHandle> children() {
      read();
      return java.util.stream.Stream.empty();
    }

    @Override
    public java.util.stream.Stream<ProcessHandle> descendants() {
      read();
      return java.util.stream.Stream.empty();
    }

    @Override
    public Info info() {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.concurrent.CompletableFuture<ProcessHandle> onExit() {
      return java.util.concurrent.CompletableFuture.completedFuture(this);
    }

    @Override
    public boolean supportsNormalTermination() {
      return true;
    }

    @Override
    public boolean destroy() {
      read();
      return true;
    }

    @Override
    public boolean destroyForcibly() {
      read();
      return true;
    }

    @Override
    public boolean isAlive() {
      read();
      return true;
    }

    @Override
    public int compareTo(ProcessHandle other) {
      return Long.compare(pid(), other.pid());
    }
  }
}
