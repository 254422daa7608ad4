package io.agentfleet.location.csw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.JsonHttp;
import io.agentfleet.location.testkit.JsonHttp.Reply;
import io.agentfleet.location.testkit.MemberProcess;
import io.agentfleet.location.testkit.RegistryCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CSW's contract across a real three-member registry (separate JVMs): what one member took is found,
 * removed or refused through another, and a CSW registration lives as long as the member that took it.
 */
class CswContractClusterIT {
  private static final Path JAR = Path.of("target", "location-service.jar");

  private RegistryCluster cluster;

  @BeforeEach
  void start() {
    cluster = RegistryCluster.start(JAR, 3);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static Reply post(MemberProcess node, String body) {
    return JsonHttp.send(node.httpBase(), "POST", "/post-endpoint", body);
  }

  private static String connection(String prefix) {
    return "{\"prefix\":\"" + prefix + "\",\"componentType\":\"Service\",\"connectionType\":\"http\"}";
  }

  private static String register(String prefix, int port) {
    return "{\"_type\":\"Register\",\"registration\":{\"_type\":\"HttpRegistration\",\"connection\":" + connection(prefix)
        + ",\"port\":" + port + ",\"path\":\"\",\"networkType\":{\"_type\":\"Inside\"},\"metadata\":{}}}";
  }

  private static JsonNode found(MemberProcess node, String prefix) {
    Reply reply = post(node, "{\"_type\":\"Find\",\"connection\":" + connection(prefix) + "}");
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  private static Reply unregister(MemberProcess node, String prefix) {
    return post(node, "{\"_type\":\"Unregister\",\"connection\":" + connection(prefix) + "}");
  }

  @Test
  void whatOneMemberTookIsFoundRemovedOrRefusedThroughAnother() {
    MemberProcess first = cluster.node(0);
    MemberProcess second = cluster.node(1);
    assertEquals(200, post(first, register("ESW.shared", 7001)).status());
    // Unregister reads the name from a majority first, so it sees the registration at once.
    Reply removed = unregister(second, "ESW.shared");
    assertEquals(200, removed.status(), removed.body());
    assertEquals("Done", removed.json().asText());
    Eventually.await("the first member no longer finds it", Duration.ofSeconds(10), () -> found(first, "ESW.shared").isEmpty());

    assertEquals(201, JsonHttp.send(first.httpBase(), "POST", "/api/v1/locations",
        "{\"connection\":\"ESW.direct-Service-http\",\"uri\":\"http://127.0.0.1:7002/\"}").status());
    Reply refused = unregister(second, "ESW.direct");
    assertEquals(409, refused.status(), refused.body());
    assertEquals("UnregistrationFailed", refused.json().get("_type").asText());
    Eventually.await("the second member finds it", Duration.ofSeconds(10), () -> found(second, "ESW.direct").size() == 1);

    // The name is taken whichever member a second registration arrives through.
    Reply taken = post(cluster.node(2), register("ESW.direct", 7003));
    assertEquals(409, taken.status(), taken.body());
    assertEquals("OtherLocationIsRegistered", taken.json().get("_type").asText());
  }

  @Test
  void aCswRegistrationLivesAsLongAsTheMemberThatTookIt() {
    MemberProcess owner = cluster.node(2);
    MemberProcess other = cluster.node(0);
    assertEquals(200, post(owner, register("ESW.hosted", 7004)).status());
    Eventually.await("another member finds it", Duration.ofSeconds(10), () -> found(other, "ESW.hosted").size() == 1);

    long killedAt = System.nanoTime();
    owner.kill();
    // Failure detection, the split-brain resolver's stable-after, then the fence (about 10-14 s here);
    // the bound is generous for a busy machine.
    Eventually.await("the killed member's CSW registration is gone", Duration.ofSeconds(40),
        () -> found(other, "ESW.hosted").isEmpty());
    System.out.printf("CSW registration of the killed member gone after %d ms%n", Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
    // And the name can be taken again.
    Reply again = Eventually.awaitValue("the name is free again", Duration.ofSeconds(30),
        () -> post(other, register("ESW.hosted", 7005)), r -> r.status() != 503);
    assertEquals(200, again.status(), again.body());
    assertTrue(again.json().get("uri").asText().endsWith(":7005/"), again.body());
  }
}
