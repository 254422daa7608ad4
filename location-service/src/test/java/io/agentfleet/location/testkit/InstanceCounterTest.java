package io.agentfleet.location.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The instance counter must see what it is there to see, or the fencing tests prove nothing. */
class InstanceCounterTest {
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(Process::destroyForcibly);
  }

  private void startMarked(String prefix) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sleep", "120");
    builder.environment().put("AGENT_COMPONENT_PREFIX", prefix);
    started.add(builder.start());
  }

  @Test
  void oneLiveProcessOfANameIsNoDouble() throws Exception {
    startMarked("TEST.single");
    startMarked("TEST.single_other");
    try (InstanceCounter counter = InstanceCounter.watching("TEST.single")) {
      Eventually.await("ten samples", Duration.ofSeconds(10), () -> counter.samples() >= 10);
      assertEquals(1, counter.most());
      assertEquals(List.of(), counter.doubles());
    }
  }

  @Test
  void twoLiveProcessesOfANameAreSeen() throws Exception {
    startMarked("TEST.twice");
    startMarked("TEST.twice");
    try (InstanceCounter counter = InstanceCounter.watching("TEST.twice")) {
      Eventually.await("a double is seen", Duration.ofSeconds(10), () -> !counter.doubles().isEmpty());
      assertEquals(2, counter.doubles().get(0).pids().size());
      assertFalse(ComponentInstances.startingWith("TEST.twi").isEmpty());
    }
  }

  @Test
  void anExitedProcessThatIsNotReapedIsNotLive() throws Exception {
    // A child of a shell that does not wait for it: a zombie until the shell ends.
    Process shell = new ProcessBuilder("sh", "-c", "sleep 0.1 & exec sleep 120").start();
    started.add(shell);
    long child = Eventually.awaitValue("the shell's child", Duration.ofSeconds(10),
        () -> shell.children().findFirst().map(ProcessHandle::pid).orElse(-1L), pid -> pid > 0);
    assertTrue(ComponentInstances.isLive(shell.pid()));
    Eventually.await("the child exited and is not live", Duration.ofSeconds(10), () -> !ComponentInstances.isLive(child));
    assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "Java still calls the zombie alive");
  }
}
