package io.agentfleet.agentservice.testkit;

import static io.agentfleet.agentservice.testkit.KeycloakServer.FRONTEND_CLIENT;
import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;

import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.MemberProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Real agents, each a JVM of its own (the first starts the cluster, the others join it), and the Agent
 * Service from its jar as a member of its own, verifying tokens of {@code keycloak}. Ready once the
 * service lists every agent; {@link #close()} stops them all, the service first.
 */
public final class ServiceFleet implements AutoCloseable {
  private static final Path AGENT_JAR = Path.of("..", "agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path SERVICE_JAR = Path.of("target", "agent-service-app.jar");
  private static final Path SERVICE_MODULE = Path.of("");

  private final List<MemberProcess> members = new ArrayList<>();
  private ServiceHttp http;

  private ServiceFleet() {}

  /** Starts the agents {@code agents} (prefixes) and the service; process names start with {@code name}. */
  public static ServiceFleet start(String name, List<String> agents, KeycloakServer keycloak) {
    return start(name, agents, keycloak, SERVICE_MODULE);
  }

  /** Like {@link #start(String, List, KeycloakServer)} from another module: {@code serviceModule} is agent-service-app's directory. */
  public static ServiceFleet start(String name, List<String> agents, KeycloakServer keycloak, Path serviceModule) {
    ServiceFleet fleet = new ServiceFleet();
    try {
      fleet.startAll(name, agents, keycloak, serviceModule.resolve(SERVICE_JAR));
      return fleet;
    } catch (RuntimeException | Error e) {
      fleet.close();
      throw e;
    }
  }

  private void startAll(String name, List<String> agents, KeycloakServer keycloak, Path serviceJar) {
    Path logs;
    try {
      logs = Files.createDirectories(Path.of("target", "it-logs", "components")).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int seed = FreePorts.next();
    for (String agent : agents) {
      int registryHttp = FreePorts.next();
      List<String> args = new ArrayList<>(List.of("--prefix", agent, "--registry-http-port", "" + registryHttp));
      args.addAll(members.isEmpty()
          ? List.of("--cluster-port", "" + seed, "--new-cluster")
          : List.of("--cluster-port", "" + FreePorts.next(), "--seeds", "127.0.0.1:" + seed));
      MemberProcess member = MemberProcess.start(name + "-agent-" + agent, AGENT_JAR, registryHttp, List.of("-Dagent.logs.directory=" + logs), args);
      members.add(member);
      member.awaitHealthy(members.size(), Duration.ofSeconds(90));
    }
    int port = FreePorts.next();
    MemberProcess service = MemberProcess.start(name + "-agent-service", serviceJar, port,
        List.of("-Dagent-service.auth.keycloak-url=" + keycloak.baseUrl()),
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next(), "--seeds", "127.0.0.1:" + seed));
    members.add(service);
    http = new ServiceHttp(URI.create("http://127.0.0.1:" + port));
    String viewer = keycloak.token(REALM, FRONTEND_CLIENT, "viewer", "viewer-pw");
    Eventually.await("the service lists every agent (log: " + service.log() + ")", Duration.ofSeconds(90), () -> {
      try {
        String body = http.post("/post-endpoint", "{\"_type\":\"GetAgentStatus\"}", viewer).body();
        return agents.stream().allMatch(body::contains);
      } catch (AssertionError notYet) {
        return false;
      }
    });
  }

  /** The service's HTTP API. */
  public ServiceHttp http() {
    return http;
  }

  @Override
  public void close() {
    for (int i = members.size() - 1; i >= 0; i--) {
      members.get(i).close();
    }
  }
}
