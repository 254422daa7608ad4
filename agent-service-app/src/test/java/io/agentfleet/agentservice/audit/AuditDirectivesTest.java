package io.agentfleet.agentservice.audit;

import static akka.http.javadsl.server.PathMatchers.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import com.typesafe.config.ConfigFactory;
import io.agentfleet.agentservice.auth.AuthSettings;
import io.agentfleet.agentservice.auth.BearerAuthDirectives;
import io.agentfleet.agentservice.auth.Role;
import io.agentfleet.agentservice.auth.TokenVerifier;
import io.agentfleet.agentservice.auth.Verification;
import io.agentfleet.agentservice.auth.Verification.Rejected;
import io.agentfleet.agentservice.auth.Verification.Verified;
import io.agentfleet.agentservice.testkit.ProtectedRoutes;
import io.agentfleet.agentservice.testkit.RouteServer;
import io.agentfleet.location.http.BadRequestException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the directive records for answers, refusals and reads, on a small real server with a stub verifier. */
class AuditDirectivesTest extends AllDirectives {
  private static final AuthSettings SETTINGS = AuthSettings.fromConfig(ConfigFactory.defaultReference());
  private static final Instant NOW = Instant.parse("2026-12-03T01:00:00Z");

  private static final Map<String, Verification> OUTCOMES = Map.of(
      "operator", new Verified("sub-1", "olga", Set.of("esw-user"), Optional.of("tmt-frontend-app")),
      "viewer", new Verified("sub-2", "victor", Set.of("esw-viewer"), Optional.of("tmt-frontend-app")));
  private static final java.util.concurrent.atomic.AtomicInteger verifications = new java.util.concurrent.atomic.AtomicInteger();
  private static final TokenVerifier STUB = token -> {
    verifications.incrementAndGet();
    return CompletableFuture.completedFuture(OUTCOMES.getOrDefault(token, new Rejected("unknown token")));
  };

  private static final List<AuditEvent> recorded = new CopyOnWriteArrayList<>();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static RouteServer server;

  @BeforeAll
  static void start() {
    BearerAuthDirectives auth = BearerAuthDirectives.verifying(SETTINGS, STUB, ProtectedRoutes.MAPPER);
    AuditDirectives direct = new AuditDirectives(recorded::add, false, Clock.fixed(NOW, ZoneOffset.UTC));
    AuditDirectives proxied = new AuditDirectives(recorded::add, true, Clock.fixed(NOW, ZoneOffset.UTC));
    server = RouteServer.start("AuditDirectivesTest", ConfigFactory.parseString("akka.http.server.remote-address-attribute = on"),
        system -> new AuditDirectivesTest().routes(auth, direct, proxied));
  }

  /** ESW-like and REST-like changing routes, as the service wraps them. */
  private Route routes(BearerAuthDirectives auth, AuditDirectives direct, AuditDirectives proxied) {
    Route esw = auth.authorized(Role.VIEWER, user -> entity(Unmarshaller.entityToByteArray(), body -> {
      String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
      if (!text.startsWith("{")) {
        return complete(HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST)
            .withEntity(ContentTypes.APPLICATION_JSON, "{\"error\":\"BadRequest\",\"message\":\"not JSON\"}"));
      }
      if (text.contains("GetAgentStatus")) {
        return complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, "{\"agentStatus\":[]}"));
      }
      if (!user.roles().contains("esw-user")) {
        return complete(HttpResponse.create().withStatus(StatusCodes.FORBIDDEN)
            .withEntity(ContentTypes.APPLICATION_JSON, "{\"error\":\"Forbidden\",\"message\":\"needs esw-user\"}"));
      }
      return complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, "{\"_type\":\"Spawned\"}"));
    }));
    return concat(
        path("esw", () -> post(() -> direct.recordedByType(() -> esw))),
        path("small", () -> withSizeLimit(64, () -> post(() -> direct.recordedByType(() -> esw)))),
        path("proxied", () -> post(() -> proxied.recordedByType(() -> esw))),
        path(segment("components").slash(segment()), id -> delete(() -> direct.recorded("kill", Optional.empty(), Optional.of(id),
            () -> auth.authorized(Role.OPERATOR, user -> complete(HttpResponse.create()
                .withEntity(ContentTypes.APPLICATION_JSON, "{\"killed\":\"" + id + "-akka\"}")))))),
        path("explodes", () -> post(() -> direct.recorded("kill", Optional.empty(), Optional.empty(),
            () -> failWith(new BadRequestException("no such component"))))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void forget() {
    recorded.clear();
  }

  private static java.net.http.HttpResponse<String> send(String method, String path, String body, String token, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try {
      return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static final String SPAWN =
      "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.audithost1\",\"componentName\":\"c1\",\"version\":[]}";

  @Test
  void aSpawnIsRecordedWithCallerClientAddressTargetAndResult() {
    var response = send("POST", "/esw", SPAWN, "operator", Map.of());

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(1, recorded.size(), recorded.toString());
    AuditEvent event = recorded.get(0);
    assertEquals(new AuditEvent(NOW, "olga", Optional.of("tmt-frontend-app"), "127.0.0.1", "spawn", Optional.of("ESW.audithost1"),
        Optional.of("ESW.c1"), 200, "Spawned", Optional.empty(), event.requestId()), event);
    assertEquals(Optional.of(event.requestId()), response.headers().firstValue(AuditDirectives.REQUEST_ID), "the caller gets the request id");
  }

  @Test
  void theTokenIsVerifiedOnceForBothTheDecisionAndTheRecord() {
    int before = verifications.get();
    send("POST", "/esw", SPAWN, "operator", Map.of());

    assertEquals(1, verifications.get() - before);
    assertEquals("olga", recorded.get(0).user());
  }

  @Test
  void aForbiddenCallIsRecordedWithTheUserItNames() {
    var response = send("POST", "/esw", SPAWN, "viewer", Map.of());

    assertEquals(403, response.statusCode(), response.body());
    AuditEvent event = recorded.get(0);
    assertEquals(List.of("victor", "spawn", "403", "Forbidden", "needs esw-user"),
        List.of(event.user(), event.action(), "" + event.status(), event.result(), event.message().orElse("")));
  }

  @Test
  void aKillWithoutATokenIsRecordedAsAnonymous401() {
    var response = send("DELETE", "/components/ESW.c1", null, null, Map.of());

    assertEquals(401, response.statusCode(), response.body());
    AuditEvent event = recorded.get(0);
    assertEquals(List.of("anonymous", "kill", "ESW.c1", "401", "Unauthorized"),
        List.of(event.user(), event.action(), event.component().orElse(""), "" + event.status(), event.result()));
    assertEquals(Optional.empty(), event.client());
  }

  @Test
  void aRestKillIsRecordedAsKilled() {
    var response = send("DELETE", "/components/ESW.c1", null, "operator", Map.of());

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("Killed", recorded.get(0).result());
  }

  @Test
  void theActionComesFromTheRequestTypeSoNewRequestsAreCovered() {
    send("POST", "/esw", "{\"_type\":\"Provision\",\"config\":[]}", "operator", Map.of());
    send("POST", "/esw", "{\"_type\":\"KillComponent\",\"componentId\":{\"prefix\":\"ESW.c1\",\"componentType\":\"SequenceComponent\"}}", "operator", Map.of());

    assertEquals(List.of("provision", "kill"), recorded.stream().map(AuditEvent::action).toList());
    assertEquals(Optional.of("ESW.c1"), recorded.get(1).component());
  }

  @Test
  void aRejectedTokenIsRecordedAsAnonymous() {
    var response = send("POST", "/esw", SPAWN, "forged", Map.of());

    assertEquals(401, response.statusCode(), response.body());
    assertEquals(List.of("anonymous", "spawn", "401", "Unauthorized"),
        List.of(recorded.get(0).user(), recorded.get(0).action(), "" + recorded.get(0).status(), recorded.get(0).result()));
  }

  @Test
  void anOversizedBodyIsRecordedAsTheRefusalTheCallerGets() {
    var response = send("POST", "/small", SPAWN, "operator", Map.of());

    assertEquals(400, response.statusCode(), response.body());
    assertTrue(response.body().contains("BodyTooLarge"), response.body());
    assertEquals(List.of("unknown", "400", "BodyTooLarge"),
        List.of(recorded.get(0).action(), "" + recorded.get(0).status(), recorded.get(0).result()));
  }

  @Test
  void anEmptyTypeIsRecordedAsAnUnknownActionNotAServerError() {
    var response = send("POST", "/esw", "{\"_type\":\"\"}", "operator", Map.of());

    assertTrue(response.statusCode() < 500, response.statusCode() + " " + response.body());
    assertEquals(List.of("unknown"), recorded.stream().map(AuditEvent::action).toList());
  }

  @Test
  void aBodyTheClientCutsShortIsA400NotAServerError() throws Exception {
    String answer;
    try (java.net.Socket socket = new java.net.Socket(server.uri("/esw").getHost(), server.uri("/esw").getPort())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(("POST /esw HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer operator\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\nConnection: close\r\n\r\n{\"_type\"").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      // The client stops sending: the body promised 100 bytes and never gets them.
      socket.shutdownOutput();
      answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    assertTrue(answer.contains("\"error\":\"BadRequest\""), answer);
  }

  @Test
  void readsAreNotRecorded() {
    var response = send("POST", "/esw", "{\"_type\":\"GetAgentStatus\"}", "viewer", Map.of());

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(List.of(), recorded);
  }

  @Test
  void badInputIsRecordedAsARefusal() {
    var response = send("POST", "/esw", "not json", "operator", Map.of());

    assertEquals(400, response.statusCode(), response.body());
    assertEquals(List.of("unknown", "400", "BadRequest"),
        List.of(recorded.get(0).action(), "" + recorded.get(0).status(), recorded.get(0).result()));
  }

  @Test
  void aFailureRaisedInsideIsRecordedWithTheStatusTheCallerGets() {
    var response = send("POST", "/explodes", "", "operator", Map.of());

    assertEquals(400, response.statusCode(), response.body());
    assertEquals(List.of("400", "BadRequest", "no such component"),
        List.of("" + recorded.get(0).status(), recorded.get(0).result(), recorded.get(0).message().orElse("")));
  }

  @Test
  void xForwardedForCountsOnlyBehindATrustedProxy() {
    send("POST", "/esw", SPAWN, "operator", Map.of("X-Forwarded-For", "10.1.2.3, 10.0.0.1"));
    send("POST", "/proxied", SPAWN, "operator", Map.of("X-Forwarded-For", "10.1.2.3, 10.0.0.1"));

    assertEquals(List.of("127.0.0.1", "10.1.2.3"), recorded.stream().map(AuditEvent::address).toList());
  }

  @Test
  void actionsAndResultsAreNamedFromTheType() {
    assertEquals("spawn", AuditDirectives.actionOf("SpawnSequenceManager"));
    assertEquals("provision", AuditDirectives.actionOf("Provision"));
    assertEquals("unknown", AuditDirectives.actionOf(""));
    assertEquals("Spawned", AuditDirectives.pastTense("spawn"));
    assertEquals("Managed", AuditDirectives.pastTense("manage"));
    assertTrue(AuditDirectives.pastTense("unmanage").equals("Unmanaged"));
  }
}
