package io.agentfleet.location.csw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.api.TrackingSubscription;
import io.agentfleet.location.http.LocationHttpSettings;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.InProcessMember;
import io.agentfleet.location.testkit.JsonHttp;
import io.agentfleet.location.testkit.JsonHttp.Reply;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CSW's location contract served by a real registry member, called over real HTTP and WebSocket. */
class CswContractTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger names = new AtomicInteger();
  private static InProcessMember node;
  private static URI base;

  @BeforeAll
  static void start() {
    node = InProcessMember.alone(Map.of("location-service.http.port", 0));
    base = node.serveRegistryHttp();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String fresh() {
    return "csw" + names.incrementAndGet();
  }

  private static Reply post(String body) {
    return JsonHttp.send(base, "POST", "/post-endpoint", body);
  }

  private static String connection(String prefix, String componentType, String connectionType) {
    return "{\"prefix\":\"" + prefix + "\",\"componentType\":\"" + componentType + "\",\"connectionType\":\"" + connectionType + "\"}";
  }

  private static String httpRegistration(String prefix, int port, String metadata) {
    return "{\"_type\":\"Register\",\"registration\":{\"_type\":\"HttpRegistration\",\"connection\":"
        + connection(prefix, "Service", "http") + ",\"port\":" + port + ",\"path\":\"api\",\"networkType\":{\"_type\":\"Inside\"},\"metadata\":"
        + metadata + "}}";
  }

  private static String find(String prefix, String componentType, String connectionType) {
    return "{\"_type\":\"Find\",\"connection\":" + connection(prefix, componentType, connectionType) + "}";
  }

  private static String unregister(String prefix, String componentType, String connectionType) {
    return "{\"_type\":\"Unregister\",\"connection\":" + connection(prefix, componentType, connectionType) + "}";
  }

  private static String host() {
    return akka.cluster.typed.Cluster.get(node.system()).selfMember().address().getHost().orElseThrow();
  }

  @Test
  void httpRegistrationIsAnHttpLocationOnThisHostVisibleThroughBothApis() {
    String prefix = "ESW." + fresh();
    Reply registered = post(httpRegistration(prefix, 8080, "{\"PID\":\"42\"}"));
    assertEquals(200, registered.status(), registered.body());
    JsonNode location = registered.json();
    assertEquals("HttpLocation", location.get("_type").asText());
    assertEquals(prefix, location.get("connection").get("prefix").asText());
    assertEquals("Service", location.get("connection").get("componentType").asText());
    assertEquals("http", location.get("connection").get("connectionType").asText());
    assertEquals("http://" + host() + ":8080/api", location.get("uri").asText());
    assertEquals("42", location.get("metadata").get("PID").asText());
    assertEquals("csw", location.get("metadata").get("registeredThrough").asText());

    Reply found = post(find(prefix, "Service", "http"));
    assertEquals(200, found.status(), found.body());
    assertEquals(1, found.json().size());
    assertEquals(location, found.json().get(0));

    // One name, one entry: the same registration through /api/v1.
    Reply ours = JsonHttp.send(base, "GET", "/api/v1/locations/" + prefix + "-Service-http", null);
    assertEquals(200, ours.status(), ours.body());
    assertEquals(location.get("uri"), ours.json().get("uri"));
    assertEquals(location.get("metadata"), ours.json().get("metadata"));
  }

  @Test
  void akkaAndTcpRegistrationsKeepTheirShapes() {
    String akka = "ESW." + fresh();
    Reply actor =
        post("{\"_type\":\"Register\",\"registration\":{\"_type\":\"AkkaRegistration\",\"connection\":"
            + connection(akka, "SequenceComponent", "akka") + ",\"actorRefURI\":\"akka://esw@127.0.0.1:1/user/x\",\"metadata\":{\"agentPrefix\":\"ESW.machine1\"}}}");
    assertEquals(200, actor.status(), actor.body());
    assertEquals("AkkaLocation", actor.json().get("_type").asText());
    assertEquals("akka://esw@127.0.0.1:1/user/x", actor.json().get("uri").asText());
    assertEquals("ESW.machine1", actor.json().get("metadata").get("agentPrefix").asText());

    String tcp = "CSW." + fresh();
    Reply server =
        post("{\"_type\":\"Register\",\"registration\":{\"_type\":\"TcpRegistration\",\"connection\":"
            + connection(tcp, "Service", "tcp") + ",\"port\":6379,\"metadata\":{}}}");
    assertEquals(200, server.status(), server.body());
    assertEquals("TcpLocation", server.json().get("_type").asText());
    assertEquals("tcp://" + host() + ":6379", server.json().get("uri").asText());
  }

  @Test
  void findOfAnAbsentNameIsAnEmptyList() {
    Reply found = post(find("ESW." + fresh(), "Service", "http"));
    assertEquals(200, found.status(), found.body());
    assertTrue(found.json().isArray() && found.json().isEmpty(), found.body());
  }

  @Test
  void resolveWaitsForTheNameToAppear() throws Exception {
    String prefix = "ESW." + fresh();
    String resolve = "{\"_type\":\"Resolve\",\"connection\":" + connection(prefix, "Service", "http") + ",\"within\":\"20 seconds\"}";
    CompletableFuture<HttpResponse<String>> answer =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(base.resolve("/post-endpoint")).POST(HttpRequest.BodyPublishers.ofString(resolve)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertFalse(answer.isDone());
    assertEquals(200, post(httpRegistration(prefix, 9000, "{}")).status());
    HttpResponse<String> resolved = answer.get(20, TimeUnit.SECONDS);
    assertEquals(200, resolved.statusCode(), resolved.body());
    JsonNode list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(resolved.body());
    assertEquals(1, list.size());
    assertEquals(prefix, list.get(0).get("connection").get("prefix").asText());

    Reply nothing = post("{\"_type\":\"Resolve\",\"connection\":" + connection("ESW." + fresh(), "Service", "http") + ",\"within\":\"300 milliseconds\"}");
    assertEquals(200, nothing.status(), nothing.body());
    assertTrue(nothing.json().isEmpty(), nothing.body());
  }

  @Test
  void listingsFilterLikeCsw() {
    String name = fresh();
    String prefix = "TCS." + name;
    assertEquals(200, post(httpRegistration(prefix, 8081, "{}")).status());
    String agentSpawned = "TCS." + fresh();
    assertEquals(
        201,
        JsonHttp.send(base, "POST", "/api/v1/locations",
                "{\"connection\":\"" + agentSpawned + "-SequenceComponent-akka\",\"uri\":\"akka://s@h:1/user/a\",\"metadata\":{\"agentPrefix\":\"TCS.machine7\"}}")
            .status());
    Eventually.await("ListEntries shows both", WAIT, () -> names(post("{\"_type\":\"ListEntries\"}")).containsAll(java.util.List.of(prefix, agentSpawned)));
    assertEquals(java.util.List.of(prefix), names(post("{\"_type\":\"ListByPrefix\",\"prefix\":\"" + prefix + "\"}")));
    assertTrue(names(post("{\"_type\":\"ListByComponentType\",\"componentType\":\"Service\"}")).contains(prefix));
    assertFalse(names(post("{\"_type\":\"ListByComponentType\",\"componentType\":\"Service\"}")).contains(agentSpawned));
    assertTrue(names(post("{\"_type\":\"ListByConnectionType\",\"connectionType\":\"akka\"}")).contains(agentSpawned));
    assertFalse(names(post("{\"_type\":\"ListByConnectionType\",\"connectionType\":\"akka\"}")).contains(prefix));
    assertTrue(names(post("{\"_type\":\"ListByHostname\",\"hostname\":\"" + host() + "\"}")).contains(prefix));
    assertTrue(names(post("{\"_type\":\"ListByHostname\",\"hostname\":\"no.such.host\"}")).isEmpty());
    assertEquals(java.util.List.of(agentSpawned), names(post("{\"_type\":\"ListByAgentPrefix\",\"agentPrefix\":\"TCS.machine7\"}")));
  }

  private static java.util.List<String> names(Reply reply) {
    assertEquals(200, reply.status(), reply.body());
    java.util.List<String> names = new java.util.ArrayList<>();
    reply.json().forEach(l -> names.add(l.get("connection").get("prefix").asText()));
    return names;
  }

  @Test
  void aTakenNameIsOtherLocationIsRegisteredAndTheSameRegistrationAgainIsFine() {
    String prefix = "ESW." + fresh();
    assertEquals(200, post(httpRegistration(prefix, 8082, "{}")).status());
    assertEquals(200, post(httpRegistration(prefix, 8082, "{}")).status(), "registering the same location again");
    Reply taken = post(httpRegistration(prefix, 8083, "{}"));
    assertEquals(409, taken.status(), taken.body());
    assertEquals("OtherLocationIsRegistered", taken.json().get("_type").asText());
    assertTrue(taken.json().get("msg").asText().contains("registered against name=" + prefix + "-Service-http"), taken.body());
    assertEquals(taken.json().get("msg"), taken.json().get("error_message"));
  }

  @Test
  void unregisterRemovesWhatThisContractRegisteredAndAnAbsentNameIsDone() {
    String prefix = "ESW." + fresh();
    assertEquals(200, post(httpRegistration(prefix, 8084, "{}")).status());
    Reply done = post(unregister(prefix, "Service", "http"));
    assertEquals(200, done.status(), done.body());
    assertEquals("Done", done.json().asText());
    assertTrue(post(find(prefix, "Service", "http")).json().isEmpty());
    assertEquals(404, JsonHttp.send(base, "GET", "/api/v1/locations/" + prefix + "-Service-http", null).status());
    Reply absent = post(unregister(prefix, "Service", "http"));
    assertEquals(200, absent.status(), absent.body());
    assertEquals("Done", absent.json().asText());
  }

  @Test
  void unregisterRefusesWhatAnAgentOrAnApiV1CallerRegistered() {
    String direct = "ESW." + fresh();
    assertEquals(201, JsonHttp.send(base, "POST", "/api/v1/locations",
        "{\"connection\":\"" + direct + "-Service-http\",\"uri\":\"http://127.0.0.1:1/\"}").status());
    Reply refused = post(unregister(direct, "Service", "http"));
    assertEquals(409, refused.status(), refused.body());
    assertEquals("UnregistrationFailed", refused.json().get("_type").asText());
    assertEquals(direct, refused.json().get("connection").get("prefix").asText());
    assertEquals(1, post(find(direct, "Service", "http")).json().size());

    // A spawn: reserved by a member (an agent), completed with the epoch: the agent owns it.
    String spawned = "ESW." + fresh();
    Reply reserved = JsonHttp.send(base, "POST", "/api/v1/reservations", "{\"connection\":\"" + spawned + "-SequenceComponent-akka\",\"seconds\":30}");
    assertEquals(201, reserved.status(), reserved.body());
    assertEquals(201, JsonHttp.send(base, "POST", "/api/v1/locations",
        "{\"connection\":\"" + spawned + "-SequenceComponent-akka\",\"uri\":\"akka://s@h:1/user/c\",\"epoch\":"
            + reserved.json().get("epoch").asLong() + ",\"metadata\":{\"agentPrefix\":\"ESW.machine1\"}}").status());
    Reply agentOwned = post(unregister(spawned, "SequenceComponent", "akka"));
    assertEquals(409, agentOwned.status(), agentOwned.body());
    assertEquals("UnregistrationFailed", agentOwned.json().get("_type").asText());
    assertTrue(agentOwned.json().get("message").asText().contains("ESW.machine1"), agentOwned.body());
    assertEquals(1, post(find(spawned, "SequenceComponent", "akka")).json().size());
  }

  @Test
  void apiV1CannotMarkARegistrationAsMadeThroughThisContract() {
    Reply refused = JsonHttp.send(base, "POST", "/api/v1/locations",
        "{\"connection\":\"ESW." + fresh() + "-Service-http\",\"uri\":\"http://127.0.0.1:1/\",\"metadata\":{\"registeredThrough\":\"csw\"}}");
    assertEquals(400, refused.status(), refused.body());
    assertTrue(refused.json().get("message").asText().contains("registeredThrough"), refused.body());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{not json",
        "[1,2]",
        "{\"connection\":{}}",
        "{\"_type\":\"Explode\"}",
        "{\"_type\":\"UnregisterAll\"}",
        "{\"_type\":7}",
        "{\"_type\":\"Find\",\"connection\":\"ESW.x-Service-http\"}",
        "{\"_type\":\"Find\",\"connection\":{\"prefix\":\"esw.x\",\"componentType\":\"Service\",\"connectionType\":\"http\"}}",
        "{\"_type\":\"Find\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Gadget\",\"connectionType\":\"http\"}}",
        "{\"_type\":\"Find\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\",\"connectionType\":\"pigeon\"}}",
        "{\"_type\":\"Find\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\"}}",
        "{\"_type\":\"Find\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\",\"connectionType\":\"http\",\"extra\":1}}",
        "{\"_type\":\"Resolve\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\",\"connectionType\":\"http\"},\"within\":\"soon\"}",
        "{\"_type\":\"Resolve\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\",\"connectionType\":\"http\"},\"within\":5}",
        "{\"_type\":\"Resolve\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\",\"connectionType\":\"http\"},\"within\":\"2 hours\"}",
        "{\"_type\":\"ListByComponentType\",\"componentType\":\"Gadget\"}",
        "{\"_type\":\"ListByPrefix\",\"prefix\":3}",
        "{\"_type\":\"ListByAgentPrefix\",\"agentPrefix\":\"nope\"}",
        "{\"_type\":\"Register\",\"registration\":{\"_type\":\"HttpRegistration\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\",\"connectionType\":\"http\"},\"port\":\"80\",\"path\":\"\"}}",
        "{\"_type\":\"Register\",\"registration\":{\"_type\":\"HttpRegistration\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\",\"connectionType\":\"akka\"},\"port\":80,\"path\":\"\"}}",
        "{\"_type\":\"Register\",\"registration\":{\"_type\":\"HttpRegistration\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\",\"connectionType\":\"http\"},\"port\":80,\"path\":\"\",\"networkType\":{\"_type\":\"Elsewhere\"}}}",
        "{\"_type\":\"Register\",\"registration\":{\"_type\":\"TcpRegistration\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\",\"connectionType\":\"tcp\"},\"port\":70000}}",
        "{\"_type\":\"Register\",\"registration\":{\"_type\":\"AkkaRegistration\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\",\"connectionType\":\"akka\"},\"actorRefURI\":\"not a uri\",\"metadata\":{}}}",
        "{\"_type\":\"Register\",\"registration\":{\"_type\":\"AkkaRegistration\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\",\"connectionType\":\"akka\"},\"actorRefURI\":\"akka://s@h:1/user/x\",\"metadata\":{\"epoch\":\"9\"}}}",
        "{\"_type\":\"Register\",\"registration\":{\"_type\":\"AkkaRegistration\",\"connection\":{\"prefix\":\"ESW.x\",\"componentType\":\"Service\",\"connectionType\":\"akka\"},\"actorRefURI\":\"akka://s@h:1/user/x\",\"metadata\":{\"PID\":42}}}",
        "{\"_type\":\"Register\",\"registration\":{\"_type\":\"KafkaRegistration\"}}",
        "{\"_type\":\"Register\",\"registration\":\"ESW.x\"}"
      })
  void badInputIs400NamingTheProblem(String body) {
    Reply reply = post(body);
    assertEquals(400, reply.status(), reply.body());
    assertEquals("BadRequest", reply.json().get("error_name").asText(), reply.body());
    assertFalse(reply.json().get("error_message").asText().isBlank(), reply.body());
    assertEquals(reply.json().get("error_message"), reply.json().get("message"));
  }

  @Test
  void trackSendsTheCurrentStateThenEveryChange() throws Exception {
    String prefix = "ESW." + fresh();
    assertEquals(200, post(httpRegistration(prefix, 8085, "{}")).status());
    try (CswWebSocket socket = new CswWebSocket(base)) {
      socket.send("{\"_type\":\"Track\",\"connection\":" + connection(prefix, "Service", "http") + "}");
      JsonNode current = socket.next(WAIT);
      assertEquals("LocationUpdated", current.get("_type").asText(), current.toString());
      assertEquals("HttpLocation", current.get("location").get("_type").asText());
      assertEquals(prefix, current.get("location").get("connection").get("prefix").asText());

      assertEquals("Done", post(unregister(prefix, "Service", "http")).json().asText());
      JsonNode removed = socket.next(WAIT);
      assertEquals("LocationRemoved", removed.get("_type").asText(), removed.toString());
      assertEquals(connection(prefix, "Service", "http"), removed.get("connection").toString());

      assertEquals(200, post(httpRegistration(prefix, 8086, "{}")).status());
      JsonNode again = socket.next(WAIT);
      assertEquals("LocationUpdated", again.get("_type").asText(), again.toString());
      assertTrue(again.get("location").get("uri").asText().endsWith(":8086/api"), again.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"_type\":\"Follow\"}", "{\"_type\":\"Track\",\"connection\":{\"prefix\":\"ESW\"}}", "oops"})
  void aBadTrackRequestIsAnsweredWithAnErrorAndTheSocketCloses(String request) throws Exception {
    try (CswWebSocket socket = new CswWebSocket(base)) {
      socket.send(request);
      JsonNode error = socket.next(WAIT);
      assertEquals("BadRequest", error.get("error_name").asText(), error.toString());
      assertFalse(error.get("error_message").asText().isBlank());
      assertEquals(1000, socket.awaitClosedByServer(WAIT));
    }
  }

  @Test
  void aSocketClosedMidStreamReleasesItsSubscription() throws Exception {
    AtomicInteger open = new AtomicInteger();
    LocationService counted = countingSubscriptions(node.locations(), open);
    LocationHttpSettings settings = LocationHttpSettings.fromConfig(node.system().settings().config());
    ServerBinding binding =
        Http.get(node.system())
            .newServerAt("127.0.0.1", 0)
            .bind(new CswRoutes(counted, settings, "127.0.0.1").route())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    try {
      URI own = URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
      String prefix = "ESW." + fresh();
      assertEquals(200, post(httpRegistration(prefix, 8087, "{}")).status());
      CswWebSocket socket = new CswWebSocket(own);
      socket.send("{\"_type\":\"Track\",\"connection\":" + connection(prefix, "Service", "http") + "}");
      assertEquals("LocationUpdated", socket.next(WAIT).get("_type").asText());
      assertEquals(1, open.get());
      socket.close();
      Eventually.await("the subscription is closed with the socket", WAIT, () -> open.get() == 0);
    } finally {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** The service, counting the tracking subscriptions that are open. */
  private static LocationService countingSubscriptions(LocationService service, AtomicInteger open) {
    return (LocationService)
        Proxy.newProxyInstance(
            LocationService.class.getClassLoader(),
            new Class<?>[] {LocationService.class},
            (proxy, method, args) -> {
              Object result = method.invoke(service, args);
              if (result instanceof TrackingSubscription subscription) {
                open.incrementAndGet();
                AtomicInteger once = new AtomicInteger();
                return (TrackingSubscription) () -> {
                  if (once.getAndIncrement() == 0) {
                    open.decrementAndGet();
                  }
                  subscription.close();
                };
              }
              return result;
            });
  }
}
