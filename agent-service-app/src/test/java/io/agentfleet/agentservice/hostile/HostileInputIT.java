package io.agentfleet.agentservice.hostile;

import static io.agentfleet.agentservice.testkit.KeycloakServer.FRONTEND_CLIENT;
import static io.agentfleet.agentservice.testkit.KeycloakServer.OTHER_REALM;
import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static io.agentfleet.agentservice.testkit.KeycloakServer.SHORT_LIVED_CLIENT;
import static io.agentfleet.agentservice.testkit.ServiceHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.ServiceHttp;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.MemberProcess;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's hostile-input proof: thousands of generated malformed and hostile requests against a real
 * Agent Service (real Keycloak tokens and forgeries of them) and a real registry node. No answer is a
 * 5xx, no process dies, every 4xx a route gives is JSON, and what was registered and spawned before
 * is still there afterwards. {@code -Dhostile.count}, {@code -Dhostile.seed} and
 * {@code -Dhostile.concurrency} change the run; the counts go to {@code target/hostile-input-report.md}.
 */
class HostileInputIT {
  private static final Path REGISTRY_JAR = Path.of("..", "location-service", "target", "location-service.jar");
  private static final Path AGENT_JAR = Path.of("..", "agent-akka-app", "target", "agent-akka-app.jar");
  private static final Path SERVICE_JAR = Path.of("target", "agent-service-app.jar");
  private static final String AGENT = "ESW.hostilehost1";
  private static final String KEPT_COMPONENT = "ESW.hostile_keep";
  private static final String KEPT_REGISTRATION = "ESW.hostile_kept-Service-http";
  private static final String KEPT_CSW = "ESW.hostile_kept_csw-Service-http";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final int COUNT = Integer.getInteger("hostile.count", 10_000);
  private static final long SEED = Long.getLong("hostile.seed", 16);
  private static final int CONCURRENCY = Integer.getInteger("hostile.concurrency", 16);
  /** Longer than any wait a request may legitimately ask for (a resolve of at most a second, a body read). */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private static KeycloakServer keycloak;
  private static MemberProcess registry;
  private static MemberProcess agent;
  private static MemberProcess service;
  private static ServiceHttp http;
  private static ServiceHttp registryHttp;
  private static int servicePort;
  private static int registryPort;

  @BeforeAll
  static void start() throws Exception {
    keycloak = KeycloakServer.shared();
    Path logs = Files.createDirectories(Path.of("target", "it-logs", "components")).toAbsolutePath();
    int seed = FreePorts.next();
    registryPort = FreePorts.next();
    registry = MemberProcess.start("hostile-registry", REGISTRY_JAR, registryPort,
        List.of("--cluster-port", "" + seed, "--http-port", "" + registryPort, "--new-cluster"));
    registry.awaitHealthy(1, Duration.ofSeconds(90));
    registryHttp = new ServiceHttp(URI.create("http://127.0.0.1:" + registryPort));
    int agentHttp = FreePorts.next();
    agent = MemberProcess.start("hostile-agent-" + AGENT, AGENT_JAR, agentHttp, List.of("-Dagent.logs.directory=" + logs),
        List.of("--prefix", AGENT, "--cluster-port", "" + FreePorts.next(), "--registry-http-port", "" + agentHttp, "--seeds", "127.0.0.1:" + seed));
    agent.awaitHealthy(2, Duration.ofSeconds(90));
    int port = FreePorts.next();
    servicePort = port;
    service = MemberProcess.start("hostile-agent-service", SERVICE_JAR, port, List.of("-Dagent-service.auth.keycloak-url=" + keycloak.baseUrl()),
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next(), "--seeds", "127.0.0.1:" + seed));
    http = new ServiceHttp(URI.create("http://127.0.0.1:" + port));
    String viewer = token("viewer");
    Eventually.await("the service sees the agent (log: " + service.log() + ")", Duration.ofSeconds(90), () -> {
      try {
        return http.post("/post-endpoint", "{\"_type\":\"GetAgentStatus\"}", viewer).body().contains(AGENT);
      } catch (AssertionError notYet) {
        return false;
      }
    });
  }

  @AfterAll
  static void stop() {
    for (MemberProcess p : new MemberProcess[] {service, agent, registry}) {
      if (p != null) {
        p.close();
      }
    }
  }

  @Test
  void tenThousandHostileRequestsGetNoServerErrorAndLoseNothing() throws Exception {
    String operator = token("operator");
    assertEquals("{\"_type\":\"Spawned\"}", http.post("/post-endpoint", "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"" + AGENT
        + "\",\"componentName\":\"hostile_keep\",\"version\":[]}", operator).body());
    assertEquals(201, registryHttp.post("/api/v1/locations", "{\"connection\":\"" + KEPT_REGISTRATION + "\",\"uri\":\"http://127.0.0.1:1/\"}", null).statusCode());
    assertEquals(200, registryHttp.post("/post-endpoint", "{\"_type\":\"Register\",\"registration\":{\"_type\":\"HttpRegistration\","
        + "\"connection\":{\"prefix\":\"ESW.hostile_kept_csw\",\"componentType\":\"Service\",\"connectionType\":\"http\"},\"port\":2,\"path\":\"\","
        + "\"networkType\":{\"_type\":\"Inside\"},\"metadata\":{}}}", null).statusCode());
    List<String> kept = List.of(KEPT_COMPONENT + "-SequenceComponent-http", KEPT_REGISTRATION, KEPT_CSW);
    List<JsonNode> before = kept.stream().map(HostileInputIT::location).toList();

    Tokens tokens = new Tokens(operator, token("viewer"), expiredToken(), keycloak.token(OTHER_REALM, FRONTEND_CLIENT, "intruder", "intruder-pw"),
        KeyPairGenerator.getInstance("RSA").generateKeyPair());
    Iterator<HostileRequest> requests = HostileRequests.generate(SEED, tokens);
    Tally tally = new Tally();
    RawHttpClient toService = new RawHttpClient(new InetSocketAddress("127.0.0.1", servicePort), READ_TIMEOUT);
    RawHttpClient toRegistry = new RawHttpClient(new InetSocketAddress("127.0.0.1", registryPort), READ_TIMEOUT);
    Instant started = Instant.now();
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    // At most CONCURRENCY requests in flight, and so in memory: the next is made when a slot frees.
    Semaphore slots = new Semaphore(CONCURRENCY);
    try {
      for (int i = 0; i < COUNT; i++) {
        slots.acquire();
        HostileRequest request = requests.next();
        RawHttpClient client = request.api() == HostileRequest.Api.SERVICE ? toService : toRegistry;
        pool.execute(() -> {
          try {
            tally.add(request, client.send(request));
          } finally {
            slots.release();
          }
        });
      }
      slots.acquire(CONCURRENCY);
    } finally {
      pool.shutdownNow();
    }
    Duration took = Duration.between(started, Instant.now());
    String report = "Seed " + SEED + ", " + COUNT + " requests, " + CONCURRENCY + " at a time, in " + took.toSeconds() + " s\n\n" + tally.table();
    System.out.println(report);
    Files.writeString(Path.of("target", "hostile-input-report.md"), report);

    assertEquals(COUNT, tally.total());
    assertTrue(tally.failures().isEmpty(), tally.failures().size() + " answers broke a rule:\n" + String.join("\n", tally.failures()));
    for (MemberProcess p : List.of(registry, agent, service)) {
      assertTrue(p.isAlive(), p.log() + " died:\n" + p.tail());
    }
    assertEquals(200, http.get("/health", null).statusCode());
    assertEquals(200, registryHttp.get("/health", null).statusCode());

    for (int i = 0; i < kept.size(); i++) {
      assertEquals(before.get(i), location(kept.get(i)), kept.get(i) + " changed during the run");
    }
    long pid = before.get(0).get("metadata").get("PID").asLong();
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the kept component's process " + pid + " is gone");
    assertTrue(ServiceHttp.seqCompsOf(json(http.post("/post-endpoint", "{\"_type\":\"GetAgentStatus\"}", operator)), AGENT).contains(KEPT_COMPONENT));

    // The service still does its job with a real token.
    String fresh = token("operator");
    assertEquals("{\"_type\":\"Spawned\"}", http.post("/post-endpoint", "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"" + AGENT
        + "\",\"componentName\":\"hostile_after\",\"version\":[]}", fresh).body());
    for (String name : List.of("ESW.hostile_after", KEPT_COMPONENT)) {
      assertEquals("{\"_type\":\"Killed\"}", http.post("/post-endpoint", "{\"_type\":\"KillComponent\",\"componentId\":{\"prefix\":\"" + name
          + "\",\"componentType\":\"SequenceComponent\"}}", fresh).body());
    }
  }

  private static JsonNode location(String connection) {
    var answer = registryHttp.get("/api/v1/locations/" + connection + "?consistency=majority", null);
    assertEquals(200, answer.statusCode(), connection + ": " + answer.body());
    return json(answer);
  }

  private static String token(String user) {
    return keycloak.token(REALM, FRONTEND_CLIENT, user, user + "-pw");
  }

  /** A real operator token of the short-lived client, once its expiry (five seconds) has passed. */
  private static String expiredToken() throws Exception {
    String token = keycloak.token(REALM, SHORT_LIVED_CLIENT, "operator", "operator-pw");
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    Instant expiry = Instant.ofEpochSecond(claims.get("exp").asLong());
    Eventually.await("the short-lived token expires", Duration.ofSeconds(30), () -> Instant.now().isAfter(expiry.plusSeconds(2)));
    return token;
  }
}
