package io.agentfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command as a newcomer runs it, in a clean environment: the fleet comes up, the
 * printed CLI commands work, Ctrl-C leaves no process behind, and a second start works too.
 */
class LocalFleetIT {
  /** The source tree: the README's command runs from there. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** Keycloak's start (~25-40 s here, longer on its first start) dominates. */
  private static final Duration READY_WITHIN = Duration.ofSeconds(300);
  private static final Duration STOPPED_WITHIN = Duration.ofSeconds(90);

  @TempDir Path home;
  @TempDir Path state;
  private final List<Process> launchers = new ArrayList<>();

  @AfterEach
  void leaveNothingBehind() {
    launchers.forEach(Process::destroyForcibly);
    ProcessesNaming.killAll(state.toString());
  }

  /** Ten distinct free ports: Keycloak, its management, registry cluster and HTTP, 2 × 2 agents, service and its cluster. */
  private static List<String> portFlags(int servicePort) {
    Set<Integer> ports = new HashSet<>(Set.of(servicePort));
    while (ports.size() < 10) {
      ports.add(FreePorts.next());
    }
    List<Integer> p = new ArrayList<>(ports);
    p.remove(Integer.valueOf(servicePort));
    return List.of("--keycloak-port", "" + p.get(0), "--keycloak-management-port", "" + p.get(1),
        "--registry-cluster-port", "" + p.get(2), "--registry-http-port", "" + p.get(3),
        "--agent-cluster-ports", p.get(4) + "," + p.get(5), "--agent-http-ports", p.get(6) + "," + p.get(7),
        "--service-port", "" + servicePort, "--service-cluster-port", "" + p.get(8));
  }

  private static String flagValue(List<String> flags, String flag) {
    return flags.get(flags.indexOf(flag) + 1);
  }

  /** {@code java -jar fleet-local/target/fleet-local.jar} from the source tree, with the state dir from the environment. */
  private Process launch(List<String> flags, Path output) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", "fleet-local/target/fleet-local.jar"));
    command.addAll(flags);
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    clean(builder.environment());
    builder.environment().put("FLEET_LOCAL_STATE", state.toString());
    Process process = builder.start();
    launchers.add(process);
    return process;
  }

  private void clean(Map<String, String> env) {
    env.keySet().removeIf(k -> k.startsWith("FLEET_") || k.startsWith("KC_") || k.startsWith("XDG_"));
    env.put("HOME", home.toString());
  }

  private static String awaitReady(Process launcher, Path output) {
    return Eventually.awaitValue("the local fleet prints its ready line", READY_WITHIN, () -> {
      String text = read(output);
      if (!launcher.isAlive()) {
        throw new AssertionError("the launcher exited with " + launcher.exitValue() + ":\n" + text);
      }
      return text;
    }, text -> text.lines().anyMatch(l -> l.contains("ready")));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static void interrupt(Process launcher) throws Exception {
    Process kill = new ProcessBuilder("kill", "-INT", "" + launcher.pid()).inheritIO().start();
    assertEquals(0, kill.waitFor());
    assertTrue(launcher.waitFor(STOPPED_WITHIN.toSeconds(), TimeUnit.SECONDS), "the launcher stops after SIGINT");
  }

  private void assertNothingLeft() {
    Eventually.await("no process names the state dir " + state + "; left: " + ProcessesNaming.find(state.toString()),
        Duration.ofSeconds(10), () -> ProcessesNaming.find(state.toString()).isEmpty());
  }

  /** Runs one printed command line as a shell would, from the source tree, with the clean HOME. */
  private String runPrinted(String line) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", line).directory(ROOT.toFile()).redirectErrorStream(true);
    clean(builder.environment());
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), line);
    assertEquals(0, process.exitValue(), line + "\n" + out);
    return out;
  }

  private static boolean audited(JsonNode entries, String action, String result) {
    for (JsonNode entry : entries) {
      if ("operator".equals(entry.path("user").asText()) && action.equals(entry.path("action").asText())
          && "ESW.demo1".equals(entry.path("component").asText()) && result.equals(entry.path("result").asText())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theRunCommandStartsAFleetWhosePrintedCommandsWorkAndCtrlCLeavesNothing() throws Exception {
    Path output = state.resolve("launcher-1.out");
    List<String> flags = portFlags(FreePorts.next());
    Process launcher = launch(flags, output);
    String printed = awaitReady(launcher, output);
    for (String member : List.of("Keycloak", "registry node", "agent ESW.machine1", "agent IRIS.machine1", "Agent Service",
        "ESW.sample1-Service-http on ESW.machine1", "IRIS.sample1-Service-http on IRIS.machine1")) {
      assertTrue(printed.contains(member), member + " in:\n" + printed);
    }

    List<String> commands = printed.lines().filter(l -> l.startsWith("  $ ")).map(l -> l.substring(4)).toList();
    assertEquals(5, commands.size(), printed);
    assertTrue(commands.get(0).contains(" login "), commands.get(0));
    runPrinted(commands.get(0));
    assertTrue(runPrinted(commands.get(1)).startsWith("spawned ESW.demo1-Service-http on ESW.machine1"));
    String agents = runPrinted(commands.get(2));
    assertTrue(agents.contains("ESW.demo1") && agents.contains("IRIS.sample1") && agents.contains("ESW.primary"), agents);
    assertTrue(runPrinted(commands.get(3)).contains("ESW.primary"), "status shows the sample sequence component");
    assertEquals("killed ESW.demo1-Service-http\n", runPrinted(commands.get(4)));

    // The operator's spawn and kill are on record under the operator's name (lines reach the file through a queue).
    String cli = "java -jar fleet-cli/target/fleet-cli.jar";
    String service = " --service http://127.0.0.1:" + flagValue(flags, "--service-port");
    Eventually.await("the audit log holds the operator's spawn and kill of ESW.demo1", Duration.ofSeconds(30), () -> {
      try {
        JsonNode entries = new ObjectMapper().readTree(runPrinted(cli + " audit --json" + service));
        return audited(entries, "spawn", "Spawned") && audited(entries, "kill", "Killed");
      } catch (Exception e) {
        throw new IllegalStateException("fleet audit: " + e.getMessage(), e);
      }
    });

    // A script logs in as the demo realm's confidential client and acts with the operator role.
    runPrinted(cli + " login --client-id fleet-automation --client-secret fleet-automation-secret --auth-url http://127.0.0.1:"
        + flagValue(flags, "--keycloak-port") + "/realms/TMT");
    assertTrue(runPrinted(cli + " spawn IRIS.machine1 sample IRIS.script1" + service).startsWith("spawned IRIS.script1-Service-http"));
    assertTrue(runPrinted(cli + " agents --json" + service).contains("IRIS.script1-Service-http"));

    interrupt(launcher);
    assertTrue(read(output).contains("local fleet: stopped"), read(output));
    assertNothingLeft();

    // A second start, in the same state dir and on the same ports, comes up as the first did.
    Path again = state.resolve("launcher-2.out");
    Process second = launch(flags, again);
    awaitReady(second, again);
    interrupt(second);
    assertNothingLeft();
  }

  @Test
  void aPortInUseIsNamedAndTheExitCodeIsOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path output = state.resolve("launcher.out");
      Process launcher = launch(portFlags(taken.getLocalPort()), output);
      assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher gives up at once");
      assertEquals(1, launcher.exitValue(), read(output));
      assertTrue(read(output).contains("port " + taken.getLocalPort() + " (Agent Service HTTP (--service-port)) is in use"), read(output));
      assertFalse(read(output).contains("stopping"), "nothing was started, so nothing is stopped: " + read(output));
    }
    assertNothingLeft();
  }
}
