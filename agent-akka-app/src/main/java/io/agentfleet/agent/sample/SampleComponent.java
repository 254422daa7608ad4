package io.agentfleet.agent.sample;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult;
import io.agentfleet.location.api.RegistrationResult.RegisterResult;
import io.agentfleet.location.client.HttpLocationService;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A small component every test and the demo can spawn. It reads its prefix, epoch and registry URL
 * from the environment an agent gives it, serves {@code GET /health}, registers itself and runs until
 * SIGTERM. Flags make the failure paths real: start slowly, exit with a code, ignore SIGTERM, fork a
 * child.
 */
@Command(name = "sample-component", mixinStandardHelpOptions = true, description = "A component for demos and tests.")
public final class SampleComponent implements Callable<Integer> {
  @Option(names = "--component-type", defaultValue = "Service", description = "Type to register as (default: ${DEFAULT-VALUE}).")
  String componentType;

  @Option(names = "--role", description = "What the component plays, e.g. sequence-component (printed only).")
  Optional<String> role;

  @Option(names = "--start-delay", defaultValue = "0ms", converter = DurationConverter.class, description = "Wait this long before registering, e.g. 2s.")
  Duration startDelay;

  @Option(names = "--exit-code", description = "Exit with this code instead of running (after --exit-after).")
  Optional<Integer> exitCode;

  @Option(names = "--exit-after", defaultValue = "0ms", converter = DurationConverter.class, description = "With --exit-code: when to exit.")
  Duration exitAfter;

  @Option(names = "--exit-after-registering", description = "With --exit-code: register first, then exit.")
  boolean exitAfterRegistering;

  @Option(names = "--ignore-sigterm", description = "Ignore SIGTERM, so only SIGKILL ends it.")
  boolean ignoreSigterm;

  @Option(names = "--fork-child", description = "Start a child process that keeps running.")
  boolean forkChild;

  @Option(names = "--component-version", description = "The version this component runs as; registered as metadata 'version'.")
  Optional<String> componentVersion;

  @Option(names = "--simulation", description = "Run in simulation mode (printed only).")
  boolean simulation;

  @Option(names = "--obs-mode-config", description = "Observing-mode config path (sequence manager role; printed only).")
  Optional<String> obsModeConfig;

  @Option(names = "--local", description = "The observing-mode config is a local file (printed only).")
  boolean local;

  @Option(names = "--log-lines", defaultValue = "0", description = "Print this many lines at start.")
  int logLines;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SampleComponent()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = System.getenv();
    String prefix = env.getOrDefault("AGENT_COMPONENT_PREFIX", "ESW.sample");
    long pid = ProcessHandle.current().pid();
    System.out.println("sample component " + prefix + " starting, pid " + pid + role.map(r -> ", role " + r).orElse(""));
    for (int i = 0; i < logLines; i++) {
      System.out.println("log line " + i + " of " + prefix);
    }
    if (ignoreSigterm) {
      sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> System.out.println("SIGTERM ignored"));
    }
    if (forkChild) {
      Process child = new ProcessBuilder("sleep", "3600").inheritIO().start();
      System.out.println("forked child pid " + child.pid());
    }
    CountDownLatch stop = new CountDownLatch(1);
    if (exitCode.isPresent() && !exitAfterRegistering) {
      stop.await(exitAfter.toMillis(), TimeUnit.MILLISECONDS);
      System.out.println("exiting with " + exitCode.get());
      return exitCode.get();
    }
    HttpServer health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    health.createContext("/health", exchange -> {
      byte[] body = ("{\"status\":\"ok\",\"prefix\":\"" + prefix + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    health.start();
    URI uri = URI.create("http://127.0.0.1:" + health.getAddress().getPort() + "/");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("sample component " + prefix + " stopping");
      health.stop(0);
      stop.countDown();
    }));
    if (!startDelay.isZero()) {
      System.out.println("waiting " + startDelay.toMillis() + " ms before registering");
      stop.await(startDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
    register(env, prefix, pid, uri);
    if (exitCode.isPresent()) {
      stop.await(exitAfter.toMillis(), TimeUnit.MILLISECONDS);
      System.out.println("exiting with " + exitCode.get());
      Runtime.getRuntime().halt(exitCode.get());
    }
    stop.await();
    return 0;
  }

  private void register(Map<String, String> env, String prefix, long pid, URI uri) {
    String registry = env.get("LOCATION_REGISTRY_URL");
    if (registry == null) {
      System.out.println("no LOCATION_REGISTRY_URL: not registering; serving " + uri);
      return;
    }
    Connection connection = new Connection(
        Prefix.parse(prefix), ComponentType.parse(componentType), ConnectionType.parse(env.getOrDefault("AGENT_CONNECTION_TYPE", "http")));
    Map<String, String> metadata = new HashMap<>();
    metadata.put(Location.PID, Long.toString(pid));
    Optional.ofNullable(env.get("AGENT_PREFIX")).ifPresent(a -> metadata.put(Location.AGENT_PREFIX, a));
    Optional.ofNullable(env.get("AGENT_HOSTNAME")).ifPresent(h -> metadata.put(Location.HOSTNAME, h));
    componentVersion.ifPresent(v -> metadata.put("version", v));
    Optional<Long> epoch = Optional.ofNullable(env.get("AGENT_COMPONENT_EPOCH")).map(Long::parseLong);
    try (HttpLocationService locations = HttpLocationService.connect(URI.create(registry))) {
      RegisterResult result = locations.register(new Registration(new Location(connection, uri, metadata), epoch, Optional.empty()))
          .toCompletableFuture().join();
      System.out.println("registered " + connection + ": " + result);
      if (!(result instanceof RegistrationResult.Registered)) {
        throw new IllegalStateException("registration refused: " + result);
      }
    }
  }

  /** Reads {@code 500ms}, {@code 2s} or an ISO-8601 duration. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      if (value.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
      }
      return Duration.parse(value);
    }
  }
}
