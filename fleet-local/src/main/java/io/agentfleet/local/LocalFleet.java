package io.agentfleet.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.agentservice.api.client.AgentServiceClientSettings;
import io.agentfleet.agentservice.api.rest.AgentView;
import io.agentfleet.agentservice.api.rest.RestSpawnRequest;
import io.agentfleet.cli.KeycloakTokenEndpoint;
import io.agentfleet.cli.RestClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A whole fleet on this machine: Keycloak, a registry node founding the cluster, one agent per prefix,
 * the Agent Service, and a few sample components, each member a JVM of its own.
 */
final class LocalFleet {
  /** The first start of an unpacked Keycloak also re-builds it for dev mode; a busy machine needs headroom. */
  private static final Duration KEYCLOAK_WITHIN = Duration.ofSeconds(240);
  private static final Duration MEMBER_WITHIN = Duration.ofSeconds(120);
  /** Per process when stopping: longer than an agent's kill grace for its components (10 s). */
  static final Duration STOP_GRACE = Duration.ofSeconds(15);

  /** A sample component the fleet starts with. */
  record Sample(String agent, String kind, String prefix) {}

  private final FleetLayout layout;
  private final LocalPorts ports;
  private final List<String> agents;
  private final List<Sample> samples;
  private final FleetProcesses processes;
  private final MemberLauncher launcher;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  private final Readiness readiness = new Readiness(http);

  LocalFleet(FleetLayout layout, LocalPorts ports, List<String> agents, List<Sample> samples, FleetProcesses processes,
      List<String> extraJvmOptions, PrintStream out) {
    this.layout = layout;
    this.ports = ports;
    this.agents = List.copyOf(agents);
    this.samples = List.copyOf(samples);
    this.processes = processes;
    this.launcher = new MemberLauncher(layout, processes, extraJvmOptions);
    this.out = out;
  }

  /** Starts everything and prints where it runs; returns once the fleet is ready. */
  void start() throws IOException, InterruptedException {
    layout.requireBuilt();
    ports.requireFree();
    Files.createDirectories(layout.logs().resolve("components"));
    out.println("local fleet: starting; state and logs in " + layout.stateDir());

    URI keycloakUrl = URI.create("http://127.0.0.1:" + ports.keycloak());
    Member keycloak = KeycloakProcess.start(launcher, layout.keycloakHome(), ports.keycloak(), ports.keycloakManagement());
    Member registry = launcher.startJar("registry", layout.registryJar(), layout.registryOptions(), List.of(),
        List.of("--cluster-port", "" + ports.registryCluster(), "--http-port", "" + ports.registryHttp(), "--new-cluster"));
    readiness.awaitHttp(registry, httpUrl(ports.registryHttp(), "/health"), MEMBER_WITHIN);
    String seed = "127.0.0.1:" + ports.registryCluster();

    List<Member> agentMembers = new ArrayList<>();
    for (int i = 0; i < agents.size(); i++) {
      agentMembers.add(launcher.startJar("agent-" + agents.get(i), layout.agentJar(), layout.agentOptions(),
          // One directory per agent: each writes its component watchdog jar there at start.
          List.of("-Dagent.logs.directory=" + layout.logs().resolve("components").resolve(agents.get(i))),
          List.of("--prefix", agents.get(i), "--cluster-port", "" + ports.agentCluster().get(i),
              "--registry-http-port", "" + ports.agentHttp().get(i), "--seeds", seed)));
    }
    Member service = launcher.startJar("agent-service", layout.serviceJar(), layout.serviceOptions(),
        List.of("-Dagent-service.auth.keycloak-url=" + keycloakUrl),
        List.of("--port", "" + ports.service(), "--cluster-port", "" + ports.serviceCluster(), "--seeds", seed));
    for (int i = 0; i < agents.size(); i++) {
      readiness.awaitHttp(agentMembers.get(i), httpUrl(ports.agentHttp().get(i), "/health"), MEMBER_WITHIN);
    }
    readiness.awaitHttp(service, httpUrl(ports.service(), "/health"), MEMBER_WITHIN);
    readiness.awaitHttp(keycloak, KeycloakProcess.discovery(keycloakUrl), KEYCLOAK_WITHIN);

    URI realmUrl = keycloakUrl.resolve("/realms/" + KeycloakProcess.REALM);
    RestClient rest = operatorClient(realmUrl);
    awaitAgentsListed(service, rest);
    List<String> spawned = spawnSamples(rest);

    out.println();
    out.println("local fleet: what runs where");
    out.printf("  %-22s %s (pid %d, log %s)%n", "Keycloak", keycloakUrl + ", realm " + KeycloakProcess.REALM + ", admin console " + keycloakUrl + "/admin", keycloak.pid(), keycloak.log());
    out.printf("  %-22s %s (pid %d, log %s)%n", "registry node", "cluster akka://fleet@" + seed + ", HTTP " + httpUrl(ports.registryHttp(), ""), registry.pid(), registry.log());
    for (int i = 0; i < agents.size(); i++) {
      out.printf("  %-22s %s (pid %d, log %s)%n", "agent " + agents.get(i), "cluster port " + ports.agentCluster().get(i)
          + ", registry HTTP " + httpUrl(ports.agentHttp().get(i), ""), agentMembers.get(i).pid(), agentMembers.get(i).log());
    }
    out.printf("  %-22s %s (pid %d, log %s)%n", "Agent Service", httpUrl(ports.service(), ""), service.pid(), service.log());
    spawned.forEach(line -> out.printf("  %-22s %s%n", "component", line));
    out.println("  components log to " + layout.logs().resolve("components"));
    out.println();
    out.println("users (realm " + KeycloakProcess.REALM + "): operator / operator-pw may spawn and kill; viewer / viewer-pw may look;");
    out.println("  scripts log in as the client fleet-automation with secret fleet-automation-secret (operator role)");
    out.println("try it from another shell in " + Path.of("").toAbsolutePath() + ":");
    Sample first = samples.get(0);
    String tryPrefix = first.prefix().substring(0, first.prefix().indexOf('.')) + ".demo1";
    new CliCommands(cliCommand(), httpUrl(ports.service(), ""), realmUrl)
        .tour(first.agent(), first.kind(), tryPrefix, tryPrefix + "-Service-http")
        .forEach(line -> out.println("  $ " + line));
    out.println();
    out.println("local fleet ready: Ctrl-C stops everything");
    out.flush();
  }

  private RestClient operatorClient(URI realmUrl) {
    URI endpoint = KeycloakTokenEndpoint.of(realmUrl);
    String token = new KeycloakTokenEndpoint(http).password(endpoint, "tmt-frontend-app", "operator", "operator-pw").accessToken();
    return new RestClient(http, AgentServiceClientSettings.of(httpUrl(ports.service(), "")), token);
  }

  private void awaitAgentsListed(Member service, RestClient rest) {
    Set<String> wanted = Set.copyOf(agents);
    readiness.await(service, "list the agents " + wanted, MEMBER_WITHIN, () -> {
      try {
        return rest.agents().stream().map(AgentView::prefix).collect(Collectors.toSet()).containsAll(wanted);
      } catch (IOException | RuntimeException notYet) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  private List<String> spawnSamples(RestClient rest) throws IOException, InterruptedException {
    List<String> lines = new ArrayList<>();
    for (Sample sample : samples) {
      try {
        JsonNode location = rest.spawn(sample.agent(), new RestSpawnRequest(sample.kind(), sample.prefix(), Optional.empty(), List.of()));
        lines.add(location.path("connection").asText() + " on " + sample.agent() + " at " + location.path("uri").asText()
            + " (pid " + location.path("metadata").path("PID").asText("?") + ")");
      } catch (io.agentfleet.agentservice.api.client.AgentServiceException e) {
        throw new LaunchFailure("cannot spawn the sample " + sample.prefix() + " on " + sample.agent() + ": " + e.getMessage());
      }
    }
    return lines;
  }

  /** How to run the CLI from where the launcher was started: relative when the jar is below it. */
  private String cliCommand() {
    Path cwd = Path.of("").toAbsolutePath();
    Path jar = layout.cliJar();
    return "java -jar " + (jar.startsWith(cwd) ? cwd.relativize(jar) : jar);
  }

  private static URI httpUrl(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Stops every process of the fleet, components included, and waits until they are gone. */
  void stop() {
    processes.stopAll(STOP_GRACE);
  }
}
