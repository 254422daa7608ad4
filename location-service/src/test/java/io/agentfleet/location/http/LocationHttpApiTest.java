package io.agentfleet.location.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.JsonHttp;
import io.agentfleet.location.testkit.JsonHttp.Reply;
import io.agentfleet.location.testkit.InProcessMember;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registry's HTTP API on a bound server, called over real HTTP. */
class LocationHttpApiTest {
  private static final AtomicInteger names = new AtomicInteger();
  private static final HttpClient http = JsonHttp.client();
  private static InProcessMember node;
  private static URI base;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessMember.alone(Map.of("location-service.http.port", 0));
    base = node.serveRegistryHttp();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String fresh() {
    return "ESW.h" + names.incrementAndGet() + "-Service-http";
  }

  private static Reply send(String method, String path, String body) {
    return JsonHttp.send(base, method, path, body);
  }

  private static String registration(String connection, String extra) {
    return "{\"connection\":\"" + connection + "\",\"uri\":\"http://127.0.0.1:1/\",\"metadata\":{\"PID\":\"7\"}" + extra + "}";
  }

  @Test
  void registerFindListAndDelete() {
    String c = fresh();
    Reply created = send("POST", "/api/v1/locations", registration(c, ""));
    assertEquals(201, created.status(), created.body());
    assertEquals(c, created.json().get("connection").asText());
    assertEquals("1", created.json().get("metadata").get("epoch").asText());

    Reply found = send("GET", "/api/v1/locations/" + c, null);
    assertEquals(200, found.status());
    assertEquals(created.json(), found.json());

    // Listings come from the node's view of its replica, a notify interval behind: poll.
    Reply listed = Eventually.awaitValue("the listing shows it", Duration.ofSeconds(5),
        () -> send("GET", "/api/v1/locations?componentType=Service&prefix=" + c.substring(0, c.indexOf('-')), null),
        r -> r.status() == 200 && r.json().size() == 1);
    assertEquals(c, listed.json().get(0).get("connection").asText());

    assertEquals(204, send("DELETE", "/api/v1/locations/" + c + "?epoch=1", null).status());
    Reply gone = send("GET", "/api/v1/locations/" + c, null);
    assertEquals(404, gone.status());
    assertEquals("NotFound", gone.json().get("error").asText());
    assertEquals(404, send("DELETE", "/api/v1/locations/" + c + "?epoch=1", null).status());
  }

  @Test
  void aMajorityFindAnswersWhatAMajorityHasAndRefusesOtherConsistencies() {
    String c = fresh();
    Reply created = send("POST", "/api/v1/locations", registration(c, ""));
    assertEquals(201, created.status(), created.body());
    Reply found = send("GET", "/api/v1/locations/" + c + "?consistency=majority", null);
    assertEquals(200, found.status(), found.body());
    assertEquals(created.json(), found.json());
    assertEquals(404, send("GET", "/api/v1/locations/" + fresh() + "?consistency=majority", null).status());

    Reply weak = send("GET", "/api/v1/locations/" + c + "?consistency=weak", null);
    assertEquals(400, weak.status(), weak.body());
    assertTrue(weak.json().get("message").asText().contains("consistency"), weak.body());
    Reply both = send("GET", "/api/v1/locations/" + c + "?consistency=majority&wait=1s", null);
    assertEquals(400, both.status(), both.body());
    assertEquals(204, send("DELETE", "/api/v1/locations/" + c + "?epoch=1", null).status());
  }

  @Test
  void secondRegistrationIsAConflictNamingTheExistingOne() {
    String c = fresh();
    assertEquals(201, send("POST", "/api/v1/locations", registration(c, "")).status());
    Reply conflict = send("POST", "/api/v1/locations", registration(c, "").replace(":1/", ":2/"));
    assertEquals(409, conflict.status());
    assertEquals("AlreadyRegistered", conflict.json().get("error").asText());
    assertEquals("http://127.0.0.1:1/", conflict.json().get("existing").get("uri").asText());
  }

  @Test
  void reservationEpochFencesRegistration() {
    String c = fresh();
    Reply reserved = send("POST", "/api/v1/reservations", "{\"connection\":\"" + c + "\",\"seconds\":30}");
    assertEquals(201, reserved.status(), reserved.body());
    long epoch = reserved.json().get("epoch").asLong();
    assertEquals(409, send("POST", "/api/v1/reservations", "{\"connection\":\"" + c + "\",\"seconds\":30}").status());
    Reply stale = send("POST", "/api/v1/locations", registration(c, ",\"epoch\":" + (epoch + 5)));
    assertEquals(409, stale.status());
    assertEquals("StaleEpoch", stale.json().get("error").asText());
    assertEquals(201, send("POST", "/api/v1/locations", registration(c, ",\"epoch\":" + epoch)).status());
    assertEquals(409, send("DELETE", "/api/v1/locations/" + c + "?epoch=" + (epoch + 5), null).status());
    assertEquals(204, send("DELETE", "/api/v1/locations/" + c + "?epoch=" + epoch, null).status());
  }

  @Test
  void leaseIsRefreshedAndLapses() {
    String c = fresh();
    assertEquals(201, send("POST", "/api/v1/locations", registration(c, ",\"leaseSeconds\":1")).status());
    Reply refreshed = send("PUT", "/api/v1/locations/" + c + "/lease?epoch=1", null);
    assertEquals(200, refreshed.status(), refreshed.body());
    assertEquals(1, refreshed.json().get("leaseSeconds").asInt());
    Eventually.await("the lease lapses", Duration.ofSeconds(10), () -> send("GET", "/api/v1/locations/" + c, null).status() == 404);
    assertEquals(404, send("PUT", "/api/v1/locations/" + c + "/lease?epoch=1", null).status());
  }

  @Test
  void removingANameWithoutItsEpochIs400AndRemovesNothing() {
    String c = fresh();
    assertEquals(201, send("POST", "/api/v1/locations", registration(c, "")).status());
    Reply refused = send("DELETE", "/api/v1/locations/" + c, null);
    assertEquals(400, refused.status(), refused.body());
    assertEquals("BadRequest", refused.json().get("error").asText());
    assertTrue(refused.json().get("message").asText().contains("parameter 'epoch' is required"), refused.body());
    assertEquals(200, send("GET", "/api/v1/locations/" + c, null).status());
  }

  @Test
  void leaseRefreshNeedsTheRegistrationsEpoch() {
    String c = fresh();
    assertEquals(201, send("POST", "/api/v1/locations", registration(c, ",\"leaseSeconds\":60")).status());
    Reply missing = send("PUT", "/api/v1/locations/" + c + "/lease", null);
    assertEquals(400, missing.status(), missing.body());
    assertEquals("BadRequest", missing.json().get("error").asText());
    assertTrue(missing.json().get("message").asText().contains("parameter 'epoch' is required"), missing.body());
    Reply stale = send("PUT", "/api/v1/locations/" + c + "/lease?epoch=2", null);
    assertEquals(409, stale.status(), stale.body());
    assertEquals("StaleEpoch", stale.json().get("error").asText());
    assertEquals(2, stale.json().get("presented").asLong());
    assertEquals(1, stale.json().get("current").asLong());
    assertEquals(200, send("PUT", "/api/v1/locations/" + c + "/lease?epoch=1", null).status());
  }

  @Test
  void thereIsNoRemoveEverything() {
    String c = fresh();
    assertEquals(201, send("POST", "/api/v1/locations", registration(c, "")).status());
    Reply refused = send("DELETE", "/api/v1/locations", null);
    assertEquals(405, refused.status(), refused.body());
    assertTrue(refused.json().has("error"), refused.body());
    assertEquals(200, send("GET", "/api/v1/locations/" + c, null).status());
  }

  @Test
  void waitResolvesARegistrationMadeMeanwhile() throws Exception {
    String c = fresh();
    var pending =
        http.sendAsync(
            HttpRequest.newBuilder(base.resolve("/api/v1/locations/" + c + "?wait=10s")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, send("POST", "/api/v1/locations", registration(c, "")).status());
    assertEquals(200, pending.get(15, TimeUnit.SECONDS).statusCode());
    assertEquals(404, send("GET", "/api/v1/locations/" + fresh() + "?wait=200ms", null).status());
  }

  @Test
  void eventsStreamCurrentStateThenChanges() throws Exception {
    String c = fresh();
    assertEquals(201, send("POST", "/api/v1/locations", registration(c, "")).status());
    HttpResponse<InputStream> stream =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/events?connection=" + URLEncoder.encode(c, StandardCharsets.UTF_8))).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode());
    assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (Exception e) {
                // the test closes the stream
              }
            });
    reader.setDaemon(true);
    reader.start();
    try {
      Eventually.await("the current state arrives", Duration.ofSeconds(5), () -> lines.contains("event:LocationUpdated"));
      assertEquals(204, send("DELETE", "/api/v1/locations/" + c + "?epoch=1", null).status());
      Eventually.await("the removal arrives", Duration.ofSeconds(5), () -> lines.contains("event:LocationRemoved"));
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"type\":\"LocationRemoved\"") && l.contains(c)), lines.toString());
    } finally {
      stream.body().close();
    }
  }

  @Test
  void healthReportsAnUpMember() {
    Reply health = send("GET", "/health", null);
    assertEquals(200, health.status());
    assertEquals("ok", health.json().get("status").asText());
    assertEquals("Up", health.json().get("memberStatus").asText());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "malformed JSON|{\"connection\":|malformed JSON",
        "bad prefix|{\"connection\":\"esw.x-Service-http\",\"uri\":\"http://h:1/\"}|subsystem",
        "unknown component type|{\"connection\":\"ESW.x-Widget-http\",\"uri\":\"http://h:1/\"}|unknown component type 'Widget'",
        "unknown connection type|{\"connection\":\"ESW.x-Service-ftp\",\"uri\":\"http://h:1/\"}|unknown connection type 'ftp'",
        "negative lease|{\"connection\":\"ESW.x-Service-http\",\"uri\":\"http://h:1/\",\"leaseSeconds\":-5}|'leaseSeconds' must be positive",
        "zero epoch|{\"connection\":\"ESW.x-Service-http\",\"uri\":\"http://h:1/\",\"epoch\":0}|'epoch' must be positive",
        "missing connection|{\"uri\":\"http://h:1/\"}|'connection' is required",
        "missing uri|{\"connection\":\"ESW.x-Service-http\"}|'uri' is required",
        "relative uri|{\"connection\":\"ESW.x-Service-http\",\"uri\":\"h1\"}|absolute URI",
        "unknown field|{\"connection\":\"ESW.x-Service-http\",\"uri\":\"http://h:1/\",\"colour\":1}|unknown field 'colour'",
        "metadata not strings|{\"connection\":\"ESW.x-Service-http\",\"uri\":\"http://h:1/\",\"metadata\":{\"PID\":7}}|must be a string",
        "not an object|[1,2]|JSON object",
        "lease past a day|{\"connection\":\"ESW.x-Service-http\",\"uri\":\"http://h:1/\",\"leaseSeconds\":999999999999999999}|at most 86400",
      })
  void badRegistrationsAre400WithTheProblemNamed(String caseName, String body, String named) {
    Reply reply = send("POST", "/api/v1/locations", body);
    assertEquals(400, reply.status(), reply.body());
    assertEquals("BadRequest", reply.json().get("error").asText());
    assertTrue(reply.json().get("message").asText().contains(named), reply.body());
  }

  @Test
  void oversizedBodyIs400() {
    String huge = registration(fresh(), ",\"metadata\":{\"x\":\"" + "a".repeat(70 * 1024) + "\"}").replace(",\"metadata\":{\"PID\":\"7\"}", "");
    Reply reply = send("POST", "/api/v1/locations", huge);
    assertEquals(400, reply.status(), reply.body());
    assertEquals("BodyTooLarge", reply.json().get("error").asText());
    assertTrue(reply.json().get("message").asText().contains("65536"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET,/api/v1/locations/not-a-name,invalid connection name",
    "GET,/api/v1/locations?componentType=Widget,unknown component type",
    "GET,/api/v1/locations?colour=red,unknown query parameter",
    "GET,/api/v1/locations/ESW.x-Service-http?wait=forever,parameter 'wait'",
    "GET,/api/v1/locations/ESW.x-Service-http?wait=10m,at most",
    "DELETE,/api/v1/locations/ESW.x-Service-http?epoch=-1,parameter 'epoch'",
    "POST,/api/v1/reservations,malformed JSON",
  })
  void badParametersAre400(String method, String path, String named) {
    Reply reply = send(method, path, method.equals("POST") ? "{" : null);
    assertEquals(400, reply.status(), reply.body());
    assertTrue(reply.json().get("message").asText().contains(named), reply.body());
  }

  @Test
  void badInputLosesNothingRegistered() {
    String c = fresh();
    assertEquals(201, send("POST", "/api/v1/locations", registration(c, "")).status());
    assertEquals(400, send("POST", "/api/v1/locations", "{\"connection\":\"" + c + "\",\"uri\":\"x\"}").status());
    assertEquals(400, send("DELETE", "/api/v1/locations/" + c + "?epoch=zero", null).status());
    assertEquals(200, send("GET", "/api/v1/locations/" + c, null).status());
  }

  @Test
  void unknownPathsAndMethodsAreJsonErrors() {
    Reply missing = send("GET", "/api/v1/nothing", null);
    assertEquals(404, missing.status());
    assertFalse(missing.json().get("message").asText().isBlank());
    Reply method = send("PATCH", "/api/v1/locations", "{}");
    assertEquals(405, method.status(), method.body());
    assertTrue(method.json().has("error"));
  }

  @Test
  void aHoldTheRegistryCannotTimeIs400AndTheNameStillAnswers() {
    String c = fresh();
    Reply refused = send("POST", "/api/v1/reservations", "{\"connection\":\"" + c + "\",\"seconds\":999999999999999999}");
    assertEquals(400, refused.status(), refused.body());
    assertTrue(refused.json().get("message").asText().contains("at most 86400"), refused.body());
    assertEquals(201, send("POST", "/api/v1/reservations", "{\"connection\":\"" + c + "\",\"seconds\":86400}").status());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown method|FOO /api/v1/locations HTTP/1.1|405|MethodNotAllowed",
        "unsupported version|GET /api/v1/locations HTTP/2.0|400|BadRequest",
        "bad target|GET /api/v1/locations?a=%zz HTTP/1.1|400|BadRequest",
      })
  void requestsTheParserRefusesAreJsonErrorsAndNo5xx(String caseName, String requestLine, int status, String error) throws Exception {
    String answer = raw(requestLine + "\r\nHost: x\r\nConnection: close\r\n\r\n", false);
    assertTrue(answer.startsWith("HTTP/1.1 " + status), answer);
    assertTrue(answer.contains("Content-Type: application/json"), answer);
    assertTrue(answer.contains("\"error\":\"" + error + "\""), answer);
  }

  @Test
  void aBodyCutShortByTheClientIs400NotAServerError() throws Exception {
    String answer = raw("POST /api/v1/locations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
        + "Connection: close\r\n\r\n{\"conn", true);
    assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    assertTrue(answer.contains("\"error\":\"BadRequest\""), answer);
  }

  /** {@code request} written to a socket as is, the answer read until the server closes; {@code halfClose} ends the sending side. */
  private static String raw(String request, boolean halfClose) throws Exception {
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      if (halfClose) {
        socket.shutdownOutput();
      }
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
