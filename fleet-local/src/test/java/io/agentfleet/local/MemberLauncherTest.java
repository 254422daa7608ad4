package io.agentfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberLauncherTest {
  @TempDir Path dir;

  @Test
  void everyProcessCarriesTheStateDirAndLogsUnderIt() throws Exception {
    FleetProcesses processes = new FleetProcesses(member -> {});
    MemberLauncher launcher = new MemberLauncher(new FleetLayout(dir, dir.resolve("state")), processes, List.of());
    Member member = launcher.start("echo", List.of("sh", "-c", "echo \"$FLEET_LOCAL_STATE\""), Map.of(), dir);
    member.process().waitFor(30, TimeUnit.SECONDS);
    assertEquals(dir.resolve("state") + "\n", Files.readString(dir.resolve("state/logs/echo.log")));
    processes.stopAll(Duration.ofSeconds(5));
  }

  @Test
  void anAgentIsLaunchedWithTheShippedOptionsFileBeforeItsOwnOptions() {
    FleetLayout layout = new FleetLayout(dir, dir.resolve("state"));
    MemberLauncher launcher = new MemberLauncher(layout, new FleetProcesses(member -> {}), List.of("-Dextra=1"));
    List<String> command = launcher.jarCommand(List.of("@" + layout.agentOptions()), layout.agentJar(),
        List.of("-Dagent.logs.directory=x"), List.of("--prefix", "ESW.machine1"));

    assertEquals(List.of("@" + dir.resolve("deploy/jvm/agent.options"), "-Dfleet.local.state=" + dir.resolve("state"), "-Dextra=1",
        "-Dagent.logs.directory=x", "-jar", layout.agentJar().toString(), "--prefix", "ESW.machine1"), command.subList(1, command.size()));
  }

  @Test
  void theShippedOptionsFilesAreAcceptedByThisJdk() throws Exception {
    // fleet-local's tests run in its module directory; the options files are at the repository root.
    FleetLayout layout = new FleetLayout(Path.of(".."), dir);
    for (Path options : List.of(layout.agentOptions(), layout.registryOptions(), layout.serviceOptions())) {
      assertTrue(Files.exists(options), options + " is missing");
      Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + options, "-version")
          .redirectErrorStream(true).start();
      try {
        String output = new String(java.getInputStream().readAllBytes());
        assertTrue(java.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, java.exitValue(), options + ": " + output);
      } finally {
        java.destroyForcibly();
      }
    }
  }

  @Test
  void stoppingEndsEveryProcessTreeAndRefusesNewOnes() throws Exception {
    FleetProcesses processes = new FleetProcesses(member -> {});
    MemberLauncher launcher = new MemberLauncher(new FleetLayout(dir, dir.resolve("state")), processes, List.of());
    // A shell that ignores SIGTERM, with a child of its own: only SIGKILL of the whole tree ends both.
    Member member = launcher.start("stubborn", List.of("sh", "-c", "trap '' TERM; sleep 600 & wait"), Map.of(), dir);
    io.agentfleet.location.testkit.Eventually.await("the child runs", Duration.ofSeconds(10),
        () -> member.process().descendants().findAny().isPresent());
    ProcessHandle child = member.process().descendants().findAny().orElseThrow();

    processes.stopAll(Duration.ofSeconds(1));

    assertFalse(member.process().isAlive());
    assertFalse(child.isAlive());
    assertThrows(LaunchFailure.class, () -> launcher.start("late", List.of("true"), Map.of(), dir));
  }

  @Test
  void aMemberThatExitsBeforeTheStopIsReportedAndOneStoppedIsNot() throws Exception {
    java.util.List<String> exited = new java.util.concurrent.CopyOnWriteArrayList<>();
    FleetProcesses processes = new FleetProcesses(member -> exited.add(member.name() + " " + member.process().exitValue()));
    MemberLauncher launcher = new MemberLauncher(new FleetLayout(dir, dir.resolve("state")), processes, List.of());
    launcher.start("crashing", List.of("sh", "-c", "exit 3"), Map.of(), dir);
    io.agentfleet.location.testkit.Eventually.await("the exit is reported", Duration.ofSeconds(10), () -> !exited.isEmpty());
    Member running = launcher.start("running", List.of("sleep", "600"), Map.of(), dir);

    processes.stopAll(Duration.ofSeconds(5));

    assertFalse(running.process().isAlive());
    assertEquals(List.of("crashing 3"), exited);
  }

  @Test
  void nothingStartedIsNothingToStop() {
    FleetProcesses processes = new FleetProcesses(member -> {});
    assertFalse(processes.startedAny());
    new MemberLauncher(new FleetLayout(dir, dir.resolve("state")), processes, List.of())
        .start("quick", List.of("true"), Map.of(), dir);
    assertTrue(processes.startedAny());
    processes.stopAll(Duration.ofSeconds(5));
  }
}
