package io.agentfleet.location.csw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.location.testkit.EswTs;
import io.agentfleet.location.testkit.JsonHttp;
import io.agentfleet.location.testkit.JsonHttp.Reply;
import io.agentfleet.location.testkit.MemberProcess;
import io.agentfleet.location.testkit.RegistryCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ESW's own TypeScript client ({@code @tmtsoftware/esw-ts} 0.4.1, from npm) lists, finds, resolves,
 * unregisters and tracks through CSW's contract on a real registry member JVM, running under Node
 * ({@link EswTs}: installed into {@code target/esw-ts}; skipped, saying why, without Node or npm).
 */
class EswTsClientIT {
  private static final Path JAR = Path.of("target", "location-service.jar");
  private static final Path WORK = Path.of("target", "esw-ts");
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(120);
  private static final String SERVICE = "ESW.ts_service";
  private static final String SPAWNED = "ESW.ts_spawned";

  private static EswTs eswTs;
  private static RegistryCluster registry;

  @BeforeAll
  static void installClientAndStartRegistry() {
    eswTs = EswTs.install(WORK);
    if (eswTs.available()) {
      registry = RegistryCluster.start(JAR, 1);
    }
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void eswTsListsFindsResolvesUnregistersAndTracks() throws Exception {
    eswTs.assumeAvailable();
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

    Map<String, JsonNode> steps =
        eswTs.check(
            "location-check.mjs",
            List.of(member.httpBase().getHost(), Integer.toString(member.httpBase().getPort()), SERVICE, SPAWNED),
            Map.of(),
            CHECK_TIMEOUT);
    for (String step : List.of("list", "find", "resolve", "track", "unregisterSpawned", "findSpawned")) {
      assertTrue(steps.containsKey(step), "location-check.mjs printed no '" + step + "': " + steps);
    }

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

  private static List<String> texts(JsonNode array) {
    List<String> texts = new java.util.ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts.stream().sorted().toList();
  }
}
