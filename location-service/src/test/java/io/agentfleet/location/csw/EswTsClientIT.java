package io.agentfleet.location.csw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.location.testkit.JsonHttp;
import io.agentfleet.location.testkit.JsonHttp.Reply;
import io.agentfleet.location.testkit.MemberProcess;
import io.agentfleet.location.testkit.RegistryCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ESW's own TypeScript client ({@code @tmtsoftware/esw-ts} 0.4.1, from npm) lists, finds, resolves,
 * unregisters and tracks through CSW's contract on a real registry member JVM. The client runs under
 * Node ({@code src/test/esw-ts}); its packages are installed with {@code npm ci} from the committed
 * lock file into {@code target/esw-ts}. Without Node 20 or npm the test is skipped, saying why.
 */
class EswTsClientIT {
  private static final Path JAR = Path.of("target", "location-service.jar");
  private static final Path SOURCES = Path.of("src", "test", "esw-ts");
  private static final Path WORK = Path.of("target", "esw-ts");
  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(120);
  private static final String SERVICE = "ESW.ts_service";
  private static final String SPAWNED = "ESW.ts_spawned";

  private static RegistryCluster registry;

  @BeforeAll
  static void installClientAndStartRegistry() throws Exception {
    Command node = run(List.of("node", "--version"), Path.of("."), Duration.ofSeconds(30));
    Assumptions.assumeTrue(node.ok(), "node is not installed: " + node.output());
    // module.register (the loader hooks esw-ts needs under Node) arrived in Node 20.6.
    Assumptions.assumeTrue(nodeAtLeast(node.output().trim(), 20, 6), "needs Node 20.6 or newer, found " + node.output().trim());
    Command npm = run(List.of("npm", "--version"), Path.of("."), Duration.ofSeconds(30));
    Assumptions.assumeTrue(npm.ok(), "npm is not installed: " + npm.output());
    Files.createDirectories(WORK);
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path file : files.toList()) {
        Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (!Files.isDirectory(WORK.resolve("node_modules").resolve("@tmtsoftware").resolve("esw-ts"))) {
      Command install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), WORK, NPM_TIMEOUT);
      Assumptions.assumeTrue(install.ok(), "npm ci could not install esw-ts: " + tail(install.output()));
    }
    registry = RegistryCluster.start(JAR, 1);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void eswTsListsFindsResolvesUnregistersAndTracks() throws Exception {
    MemberProcess member = registry.node(0);
    Reply service =
        JsonHttp.send(member.httpBase(), "POST", "/api/v1/locations",
            "{\"connection\":\"" + SERVICE + "-Service-http\",\"uri\":\"http://127.0.0.1:5000/\"}");
    assertEquals(201, service.status(), service.body());
    // A component as an agent spawns it: reserved, then registered with the reservation's epoch.
    Reply reserved =
        JsonHttp.send(member.httpBase(), "POST", "/api/v1/reservations",
            "{\"connection\":\"" + SPAWNED + "-SequenceComponent-akka\",\"seconds\":60}");
    assertEquals(201, reserved.status(), reserved.body());
    Reply spawned =
        JsonHttp.send(member.httpBase(), "POST", "/api/v1/locations",
            "{\"connection\":\"" + SPAWNED + "-SequenceComponent-akka\",\"uri\":\"akka://fleet@127.0.0.1:1/user/c\",\"epoch\":"
                + reserved.json().get("epoch").asLong() + ",\"metadata\":{\"agentPrefix\":\"ESW.machine1\"}}");
    assertEquals(201, spawned.status(), spawned.body());
    // Listings come from the member's view, a notify interval behind its replica.
    io.agentfleet.location.testkit.Eventually.await("both are listed", Duration.ofSeconds(10),
        () -> JsonHttp.send(member.httpBase(), "GET", "/api/v1/locations", null).json().size() == 2);

    Command check =
        run(
            List.of("node", "--import", "./register-hooks.mjs", "location-check.mjs",
                member.httpBase().getHost(), Integer.toString(member.httpBase().getPort()), SERVICE, SPAWNED),
            WORK,
            CHECK_TIMEOUT);
    assertTrue(check.ok(), "the esw-ts check failed:\n" + check.output());
    Map<String, JsonNode> steps = steps(check.output());

    assertEquals(List.of(SERVICE, SPAWNED), texts(steps.get("list")));
    assertEquals(List.of(SERVICE), texts(steps.get("listByComponentType")));
    assertEquals(List.of(SPAWNED), texts(steps.get("listByConnectionType")));
    assertEquals(List.of(SERVICE), texts(steps.get("listByPrefix")));
    assertEquals(List.of(SERVICE, SPAWNED), texts(steps.get("listByHostname")));

    JsonNode found = steps.get("find");
    assertEquals("HttpLocation", found.get("_type").asText(), found.toString());
    assertEquals(SERVICE, found.get("connection").get("prefix").asText());
    assertEquals("http://127.0.0.1:5000/", found.get("uri").asText());
    assertTrue(steps.get("findAbsent").isNull());

    assertEquals(200, steps.get("register").get("status").asInt(), steps.get("register").toString());
    JsonNode resolved = steps.get("resolve");
    assertEquals("ESW.late_service", resolved.get("connection").get("prefix").asText(), resolved.toString());
    assertEquals("http://" + member.httpBase().getHost() + ":4000/late", resolved.get("uri").asText());
    assertEquals("7", resolved.get("metadata").get("PID").asText());
    assertTrue(steps.get("resolveAbsent").isNull());

    assertEquals("Done", steps.get("unregister").asText());
    JsonNode events = steps.get("track");
    assertEquals(2, events.size(), events.toString());
    assertEquals("LocationUpdated", events.get(0).get("_type").asText());
    assertEquals("ESW.late_service", events.get(0).get("location").get("connection").get("prefix").asText());
    assertEquals("LocationRemoved", events.get(1).get("_type").asText());
    assertEquals("ESW.late_service", events.get(1).get("connection").get("prefix").asText());

    // esw-ts cannot remove what an agent runs; it is still there.
    JsonNode refused = steps.get("unregisterSpawned");
    assertEquals(409, refused.get("status").asInt(), refused.toString());
    assertTrue(refused.get("message").asText().contains("not registered through this contract"), refused.toString());
    assertEquals(SPAWNED, steps.get("findSpawned").get("connection").get("prefix").asText());
  }

  private static Map<String, JsonNode> steps(String output) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    Map<String, JsonNode> steps = new HashMap<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("{\"step\"")) {
        JsonNode step = mapper.readTree(line);
        steps.put(step.get("step").asText(), step.get("result"));
      }
    }
    for (String step : List.of("list", "find", "resolve", "track", "unregisterSpawned", "findSpawned")) {
      assertTrue(steps.containsKey(step), "the check printed no '" + step + "':\n" + output);
    }
    return steps;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new java.util.ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts.stream().sorted().toList();
  }

  private static boolean nodeAtLeast(String version, int major, int minor) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("v(\\d+)\\.(\\d+).*").matcher(version);
    if (!m.matches()) {
      return false;
    }
    int foundMajor = Integer.parseInt(m.group(1));
    return foundMajor > major || (foundMajor == major && Integer.parseInt(m.group(2)) >= minor);
  }

  private static String tail(String output) {
    String[] lines = output.split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 20), lines.length));
  }

  /** What a command printed (stdout and stderr) and whether it exited 0 in time. */
  private record Command(boolean ok, String output) {}

  private static Command run(List<String> command, Path directory, Duration timeout) throws InterruptedException {
    Process process;
    Path output;
    try {
      output = Files.createTempFile("esw-ts-", ".out");
      process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    } catch (IOException e) {
      return new Command(false, command.get(0) + " cannot be started: " + e.getMessage());
    }
    try {
      boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      if (!exited) {
        return new Command(false, String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s:\n" + printed);
      }
      return new Command(process.exitValue() == 0, printed);
    } catch (IOException e) {
      return new Command(false, "cannot read the output of " + command.get(0) + ": " + e.getMessage());
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        Files.deleteIfExists(output);
      } catch (IOException e) {
        // a temp file left behind is harmless
      }
    }
  }
}
