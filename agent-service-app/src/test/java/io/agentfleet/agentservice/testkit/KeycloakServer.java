package io.agentfleet.agentservice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Keycloak (the Maven Central distribution that failsafe's build unpacks) with the test realms
 * imported: one server per test JVM, started on first use, stopped by a shutdown hook.
 */
public final class KeycloakServer {

  /** The realm the service trusts. */
  public static final String REALM = "TMT";
  /** A realm whose tokens the service must refuse. */
  public static final String OTHER_REALM = "OTHER";
  /** Public client with direct access grants (password grant), in both realms. */
  public static final String FRONTEND_CLIENT = "tmt-frontend-app";
  /** Public client whose access tokens live five seconds. */
  public static final String SHORT_LIVED_CLIENT = "tmt-short-lived-app";
  /** The service's own (bearer-only) client in realm TMT. */
  public static final String BACKEND_CLIENT = "tmt-backend-app";

  private static final Logger log = LoggerFactory.getLogger(KeycloakServer.class);

  private static final List<String> REALM_FILES = List.of("TMT-realm.json", "OTHER-realm.json");
  // The first start of an unpacked distribution re-builds Quarkus for dev mode (~30 s here) before the
  // ~30 s start itself; a busy CI machine needs headroom on top.
  private static final Duration READY_WITHIN = Duration.ofSeconds(180);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private static Optional<KeycloakServer> shared = Optional.empty();
  private static Optional<RuntimeException> startFailure = Optional.empty();

  private final Process process;
  private final URI baseUrl;
  private final Path logFile;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();

  private KeycloakServer(Process process, URI baseUrl, Path logFile) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.logFile = logFile;
  }

  /** The server of this test run, started on the first call (which takes about 30-60 s). */
  public static synchronized KeycloakServer shared() {
    startFailure.ifPresent(e -> {
      throw e;
    });
    if (shared.isEmpty()) {
      try {
        KeycloakServer server = start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-server-stop"));
        shared = Optional.of(server);
      } catch (RuntimeException e) {
        // Remember it: every test class would otherwise wait for its own failed start.
        startFailure = Optional.of(e);
        throw e;
      }
    }
    return shared.get();
  }

  /** Base URL, e.g. {@code http://127.0.0.1:41234}; what {@code agent-service.auth.keycloak-url} must be. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** An access token from the password grant of {@code clientId} (a public client) in {@code realm}. */
  public String token(String realm, String clientId, String user, String password) {
    String form = Map.of("grant_type", "password", "client_id", clientId, "username", user, "password", password)
        .entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/realms/" + realm + "/protocol/openid-connect/token"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("No token for " + user + " from " + realm + "/" + clientId + ": HTTP "
            + response.statusCode() + " " + response.body());
      }
      JsonNode body = mapper.readTree(response.body());
      return body.required("access_token").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static KeycloakServer start() {
    Path home = Path.of(Optional.ofNullable(System.getProperty("keycloak.home")).orElseThrow(() ->
        new IllegalStateException("System property keycloak.home is not set: run the integration tests through "
            + "maven-failsafe (mvn verify), which unpacks Keycloak and sets it")));
    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
      throw new IllegalStateException("No Keycloak distribution at " + home + " (bin/kc.sh missing)");
    }
    Path logFile = Path.of(Optional.ofNullable(System.getProperty("keycloak.log"))
        .orElse(home.resolveSibling("keycloak.log").toString()));
    importRealms(home.resolve("data/import"));

    int httpPort = freePort();
    int managementPort = freePort();
    URI baseUrl = URI.create("http://127.0.0.1:" + httpPort);
    ProcessBuilder builder = new ProcessBuilder(
        home.resolve("bin/kc.sh").toString(), "start-dev",
        "--http-host=127.0.0.1",
        "--http-port=" + httpPort,
        // Other builds on this machine may run a Keycloak too: no fixed port anywhere.
        "--http-management-port=" + managementPort,
        // A fresh in-memory database each run: the import always applies, nothing stale survives.
        "--db=dev-mem",
        "--import-realm")
        .directory(home.toFile())
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile());
    Map<String, String> env = builder.environment();
    // Settings of the developer's shell must not leak into the test server.
    env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("KEYCLOAK_") || k.startsWith("JAVA_OPTS")
        || k.startsWith("QUARKUS_"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    // kc.sh would otherwise size the heap from the machine's RAM (50 % initial), too greedy on a shared box.
    env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");

    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + home.resolve("bin/kc.sh") + "; see " + logFile, e);
    }
    KeycloakServer server = new KeycloakServer(process, baseUrl, logFile);
    log.info("Starting Keycloak at {} (pid {}), log in {}", baseUrl, process.pid(), logFile);
    try {
      server.awaitReady();
    } catch (RuntimeException e) {
      server.stop();
      throw e;
    }
    log.info("Keycloak ready at {} after {} s", baseUrl, Duration.ofNanos(System.nanoTime() - started).toSeconds());
    return server;
  }

  private void awaitReady() {
    URI discovery = baseUrl.resolve("/realms/" + REALM + "/.well-known/openid-configuration");
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (isReady(discovery)) {
        return;
      }
      try {
        // Waiting on the process is both the pause between polls and the check that it is still alive.
        if (process.waitFor(500, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
              + " before it was ready; see its log: " + logFile);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for Keycloak; see its log: " + logFile, e);
      }
    }
    throw new IllegalStateException("Keycloak was not ready within " + READY_WITHIN.toSeconds() + " s ("
        + discovery + " did not answer 200); see its log: " + logFile);
  }

  private boolean isReady(URI discovery) {
    HttpRequest request = HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(2)).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops the server and every process it started: SIGTERM to the tree, SIGKILL after a grace period. */
  private void stop() {
    // Snapshot first: once the parent is gone its children are re-parented and no longer its descendants.
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        p.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static void importRealms(Path importDir) {
    try {
      Files.createDirectories(importDir);
      try (DirectoryStream<Path> old = Files.newDirectoryStream(importDir, "*.json")) {
        for (Path p : old) {
          Files.delete(p);
        }
      }
      for (String file : REALM_FILES) {
        try (InputStream in = KeycloakServer.class.getResourceAsStream("/keycloak/" + file)) {
          if (in == null) {
            throw new IllegalStateException("Realm file /keycloak/" + file + " is not on the test classpath");
          }
          Files.copy(in, importDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare the realm import in " + importDir, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
