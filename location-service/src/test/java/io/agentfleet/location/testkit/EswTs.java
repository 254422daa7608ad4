package io.agentfleet.location.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * ESW's own TypeScript client ({@code @tmtsoftware/esw-ts} 0.4.1 from npm) under Node, for tests that
 * drive the fleet as an ESW web app does. The check scripts and the locked packages are test resources
 * ({@code esw-ts/}); {@link #install} copies them into a work directory and runs {@code npm ci} there
 * when its {@code node_modules} is missing. Where Node 20.6+ or npm is missing or the packages cannot
 * be installed, {@link #assumeAvailable} skips the calling test, saying why (a test's own skip, so the
 * report shows it with its reason, where a failed assumption in {@code @BeforeAll} shows nothing).
 */
public final class EswTs {
  private static final List<String> FILES =
      List.of("package.json", "package-lock.json", "esm-resolve.mjs", "register-hooks.mjs", "location-check.mjs", "agent-check.mjs");
  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.(\\d+).*");

  private final Path work;
  private final Optional<String> unavailable;

  private EswTs(Path work, Optional<String> unavailable) {
    this.work = work;
    this.unavailable = unavailable;
  }

  /** esw-ts installed in {@code work}, or why it cannot be. */
  public static EswTs install(Path work) {
    return new EswTs(work, installIn(work));
  }

  /** Whether esw-ts is installed (no reason to skip). */
  public boolean available() {
    return unavailable.isEmpty();
  }

  /** Skips the calling test, with the reason, where esw-ts could not be installed. */
  public void assumeAvailable() {
    Assumptions.assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
  }

  private static Optional<String> installIn(Path work) {
    Result node = run(List.of("node", "--version"), Path.of("."), Map.of(), Duration.ofSeconds(30));
    if (!node.ok()) {
      return Optional.of("node is not installed: " + node.output());
    }
    // module.register (the loader hooks esw-ts needs under Node) arrived in Node 20.6.
    Matcher version = NODE_VERSION.matcher(node.output().trim());
    boolean recent = version.matches()
        && (Integer.parseInt(version.group(1)) > 20 || (Integer.parseInt(version.group(1)) == 20 && Integer.parseInt(version.group(2)) >= 6));
    if (!recent) {
      return Optional.of("needs Node 20.6 or newer, found " + node.output().trim());
    }
    Result npm = run(List.of("npm", "--version"), Path.of("."), Map.of(), Duration.ofSeconds(30));
    if (!npm.ok()) {
      return Optional.of("npm is not installed: " + npm.output());
    }
    try {
      Files.createDirectories(work);
      for (String file : FILES) {
        try (InputStream in = EswTs.class.getResourceAsStream("/esw-ts/" + file)) {
          if (in == null) {
            throw new IllegalStateException("test resource esw-ts/" + file + " is missing");
          }
          Files.copy(in, work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!Files.isDirectory(work.resolve("node_modules").resolve("@tmtsoftware").resolve("esw-ts"))) {
      Result installed = run(List.of("npm", "ci", "--no-audit", "--no-fund"), work, Map.of(), NPM_TIMEOUT);
      if (!installed.ok()) {
        return Optional.of("npm ci could not install esw-ts: " + tail(installed.output()));
      }
    }
    return Optional.empty();
  }

  /**
   * Runs a check script with {@code args} and {@code env}; it must exit 0 within {@code timeout}. Its
   * result: what each step printed, by step name.
   */
  public Map<String, JsonNode> check(String script, List<String> args, Map<String, String> env, Duration timeout) {
    assumeAvailable();
    List<String> command = new ArrayList<>(List.of("node", "--import", "./register-hooks.mjs", script));
    command.addAll(args);
    Result result = run(command, work, env, timeout);
    assertTrue(result.ok(), script + " failed:\n" + result.output());
    Map<String, JsonNode> steps = new HashMap<>();
    ObjectMapper mapper = new ObjectMapper();
    for (String line : result.output().split("\n")) {
      if (line.startsWith("{\"step\"")) {
        try {
          JsonNode step = mapper.readTree(line);
          steps.put(step.get("step").asText(), step.get("result"));
        } catch (IOException e) {
          throw new AssertionError(script + " printed a step that is not JSON: " + line, e);
        }
      }
    }
    return steps;
  }

  private static String tail(String output) {
    String[] lines = output.split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 20), lines.length));
  }

  /** What a command printed (stdout and stderr) and whether it exited 0 in time. */
  private record Result(boolean ok, String output) {}

  private static Result run(List<String> command, Path directory, Map<String, String> env, Duration timeout) {
    Path output;
    Process process;
    try {
      output = Files.createTempFile("esw-ts-", ".out");
      ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().putAll(env);
      process = builder.start();
    } catch (IOException e) {
      return new Result(false, command.get(0) + " cannot be started: " + e.getMessage());
    }
    try {
      boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      if (!exited) {
        return new Result(false, String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s:\n" + printed);
      }
      return new Result(process.exitValue() == 0, printed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted while " + command.get(0) + " ran");
    } catch (IOException e) {
      return new Result(false, "cannot read the output of " + command.get(0) + ": " + e.getMessage());
    } finally {
      // Every process a test starts is gone when it ends.
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
