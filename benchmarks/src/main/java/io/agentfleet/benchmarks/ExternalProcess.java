package io.agentfleet.benchmarks;

import io.agentfleet.location.node.tls.LocalPki;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/** A process the benchmark starts and always stops (also from a shutdown hook). */
public final class ExternalProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Process process;
  private final Path log;

  private ExternalProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    Runtime.getRuntime().addShutdownHook(new Thread(this::close));
  }

  public static ExternalProcess start(String name, List<String> command, Map<String, String> env) throws IOException {
    Path logs = Files.createDirectories(Path.of("benchmarks", "target", "bench-logs"));
    Path log = logs.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new ExternalProcess(builder.start(), log);
  }

  /** The certificates every fleet member a benchmark starts talks mutual TLS with, made once. */
  public static LocalPki.Stores memberTls() {
    return LocalPki.ensure(Path.of("benchmarks", "target", "pki"));
  }

  public static List<String> javaJar(Path jar, List<String> args) {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
    command.addAll(memberTls().jvmOptions());
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    return command;
  }

  public long pid() {
    return process.pid();
  }

  /** Polls {@code url} until {@code ready} accepts its body; fails naming the log after {@code within}. */
  public void awaitHttp(URI url, Predicate<String> ready, Duration within) {
    awaitHttp(url, ready, within, Duration.ofMillis(200));
  }

  /** As above, polling every {@code every}: short where the time to ready is what is measured. */
  public void awaitHttp(URI url, Predicate<String> ready, Duration within, Duration every) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("process exited; see " + log.toAbsolutePath());
      }
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && ready.test(r.body())) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      LockSupport.parkNanos(every.toNanos());
    }
    throw new IllegalStateException("not ready within " + within + "; see " + log.toAbsolutePath());
  }

  /** SIGKILL, as when a machine dies, and wait until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    // SIGTERM first, so a JVM leaves its cluster and writes what it records (e.g. a JFR dump);
    // SIGKILL for whatever is still there after a short grace.
    process.destroy();
    try {
      process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
