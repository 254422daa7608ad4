package io.agentfleet.location.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
