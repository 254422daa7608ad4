package io.agentfleet.location.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A cluster member in a JVM of its own, started from an app's executable jar the way an operator
 * starts it, with its output in a log file, talking mutual TLS with the {@link TestPki#fleet()}
 * stores. {@link #kill()} is a SIGKILL: nothing of the member gets
 * to run afterwards, as when a machine dies.
 */
public final class MemberProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;
  private final URI httpBase;

  private MemberProcess(String name, Process process, Path log, URI httpBase) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.httpBase = httpBase;
  }

  /**
   * Starts {@code java -jar jar args…}; {@code httpPort} is where its {@code /health} answers.
   * The JVM gets little heap and a quick-starting JIT, since tests start several on two cores.
   */
  public static MemberProcess start(String name, Path jar, int httpPort, List<String> args) {
    return start(name, jar, httpPort, List.of(), args);
  }

  /** Like {@link #start(String, Path, int, List)} with extra JVM options (e.g. {@code -Dkey=value}). */
  public static MemberProcess start(String name, Path jar, int httpPort, List<String> jvmOptions, List<String> args) {
    return start(name, List.of(), jar, URI.create("http://127.0.0.1:" + httpPort), jvmOptions, args);
  }

  /**
   * Starts {@code launcher… java … -jar jar args…}, e.g. with {@code ip netns exec NS} as launcher to
   * run the member in another network namespace; {@code httpBase} is where its {@code /health}
   * answers. The launcher must exec the JVM or stay its parent: {@link #close()} kills the process
   * and its descendants.
   */
  public static MemberProcess start(
      String name, List<String> launcher, Path jar, URI httpBase, List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>(launcher);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    // Every member talks mutual TLS with the fleet's test certificates; a test's own options come
    // later and win (another CA's stores), and --insecure-plain-tcp among its args wins over both.
    command.addAll(TestPki.fleet().jvmOptions());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    try {
      Path logs = Files.createDirectories(Path.of("target", "it-logs"));
      Path log = logs.resolve(name + "-" + System.currentTimeMillis() + ".log");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      // A safety net: whatever happens to the test's own teardown, the member dies with the test JVM.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }));
      return new MemberProcess(name, process, log, httpBase);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI httpBase() {
    return httpBase;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  public int awaitExit(Duration within) {
    Eventually.await(name + " exits (log: " + log.toAbsolutePath() + ")", within, () -> !process.isAlive());
    return process.exitValue();
  }

  /** The member's output so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits until {@code /health} answers 200 and reports {@code members} members. */
  public void awaitHealthy(int members, Duration within) {
    Eventually.await(
        name + " is healthy with " + members + " members (log: " + log.toAbsolutePath() + ")",
        within,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + "; log: " + log.toAbsolutePath() + "\n" + tail());
          }
          try {
            HttpResponse<String> health =
                HTTP.send(
                    HttpRequest.newBuilder(httpBase.resolve("/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"members\":" + members + ",");
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
  }

  /** The connection names of the registrations this member lists ({@code GET /api/v1/locations}). */
  public Set<String> listedConnections() {
    JsonHttp.Reply reply = JsonHttp.send(httpBase, "GET", "/api/v1/locations", null);
    if (reply.status() != 200) {
      throw new AssertionError(name + " answered a listing with " + reply.status() + ": " + reply.body());
    }
    Set<String> names = new HashSet<>();
    reply.json().forEach(location -> names.add(location.get("connection").asText()));
    return names;
  }

  /** SIGTERM: the member shuts down the way an operator stops it; {@link #awaitExit} waits for it. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL, and wait until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines of the member's log, for failure messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The member's last warnings and errors (Akka's and the fleet's own), for failure messages. */
  public String warnings() {
    try {
      List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
      return name + ": " + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return name + ": (no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    kill();
  }
}
