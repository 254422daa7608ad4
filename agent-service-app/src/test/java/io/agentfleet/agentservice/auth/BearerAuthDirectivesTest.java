package io.agentfleet.agentservice.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.agentfleet.agentservice.auth.Verification.Rejected;
import io.agentfleet.agentservice.auth.Verification.Unavailable;
import io.agentfleet.agentservice.auth.Verification.Verified;
import io.agentfleet.agentservice.testkit.ProtectedRoutes;
import io.agentfleet.agentservice.testkit.RouteServer;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Status codes, challenges and bodies of the directives, with a stub verifier (real tokens: BearerAuthIT). */
class BearerAuthDirectivesTest {

  private static final AuthSettings SETTINGS = AuthSettings.fromConfig(ConfigFactory.defaultReference());

  /** Tokens are plain names here; the stub knows what each one stands for. */
  private static final Map<String, Verification> OUTCOMES = Map.of(
      "operator", new Verified("sub-1", "olga", Set.of("esw-user")),
      "viewer", new Verified("sub-2", "victor", Set.of("esw-viewer")),
      "nobody", new Verified("sub-3", "nora", Set.of("offline_access")),
      "forged", new Rejected("token signature is invalid"),
      "keycloak-down", new Unavailable("identity provider could not be reached"));

  private static final TokenVerifier STUB = token -> token.equals("explodes")
      ? CompletableFuture.failedFuture(new IllegalStateException("secret internals at line 42"))
      : CompletableFuture.completedFuture(OUTCOMES.getOrDefault(token, new Rejected("unknown token")));

  private static RouteServer verifying;
  private static RouteServer disabled;
  private static ListAppender<ILoggingEvent> wiringLog;

  @BeforeAll
  static void start() {
    verifying = RouteServer.start("BearerAuthDirectivesTest", ConfigFactory.empty(), system ->
        new ProtectedRoutes(BearerAuthDirectives.verifying(SETTINGS, STUB, ProtectedRoutes.MAPPER)).route());

    wiringLog = new ListAppender<>();
    wiringLog.start();
    wiringLogger().addAppender(wiringLog);
    disabled = RouteServer.start("BearerAuthDisabledTest",
        ConfigFactory.parseString("agent-service.auth.disabled = true"), system ->
            new ProtectedRoutes(AuthWiring.create(system, AuthSettings.fromConfig(system.settings().config()),
                ProtectedRoutes.MAPPER)).route());
  }

  @AfterAll
  static void stop() {
    wiringLogger().detachAppender(wiringLog);
    if (verifying != null) {
      verifying.close();
    }
    if (disabled != null) {
      disabled.close();
    }
  }

  private static ch.qos.logback.classic.Logger wiringLogger() {
    return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(AuthWiring.class);
  }

  private static Optional<String> bearer(String token) {
    return Optional.of("Bearer " + token);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertEquals(Optional.of("application/json"), response.headers().firstValue("Content-Type"));
    return ProtectedRoutes.MAPPER.readTree(response.body());
  }

  @Test
  void requestWithoutTokenGets401WithBearerChallengeAndJsonBody() throws Exception {
    HttpResponse<String> response = verifying.get("/viewer-thing", Optional.empty());

    assertEquals(401, response.statusCode());
    assertEquals(Optional.of("Bearer realm=\"TMT\""), response.headers().firstValue("WWW-Authenticate"));
    JsonNode body = json(response);
    assertEquals("Unauthorized", body.get("error").asText());
    assertTrue(body.get("message").asText().contains("missing bearer token"), body.toString());
  }

  @Test
  void otherAuthorizationSchemeCountsAsNoToken() {
    HttpResponse<String> response = verifying.get("/viewer-thing", Optional.of("Basic b3BlcmF0b3I6c2VjcmV0"));

    assertEquals(401, response.statusCode());
    assertEquals(Optional.of("Bearer realm=\"TMT\""), response.headers().firstValue("WWW-Authenticate"));
  }

  @Test
  void rejectedTokenGets401WithInvalidTokenChallenge() throws Exception {
    HttpResponse<String> response = verifying.post("/operator-thing", bearer("forged"));

    assertEquals(401, response.statusCode());
    assertEquals(Optional.of("Bearer realm=\"TMT\", error=\"invalid_token\""),
        response.headers().firstValue("WWW-Authenticate"));
    JsonNode body = json(response);
    assertEquals("Unauthorized", body.get("error").asText());
    assertEquals("token signature is invalid", body.get("message").asText());
  }

  @Test
  void bearerHeaderWithoutUsableTokenGets401InvalidToken() {
    for (String header : new String[] {"Bearer", "Bearer ", "Bearer two words", "bearer {json}"}) {
      HttpResponse<String> response = verifying.get("/viewer-thing", Optional.of(header));
      assertEquals(401, response.statusCode(), header);
      assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer realm=\"TMT\""),
          header);
    }
  }

  @Test
  void operatorMayCallBothRoutes() throws Exception {
    HttpResponse<String> viewing = verifying.get("/viewer-thing", bearer("operator"));
    HttpResponse<String> operating = verifying.post("/operator-thing", bearer("operator"));

    assertEquals(200, viewing.statusCode(), viewing.body());
    assertEquals(200, operating.statusCode(), operating.body());
    assertEquals("olga", json(operating).get("username").asText());
  }

  @Test
  void viewerMayViewButGets403NamingTheOperatorRoleForOperatorCalls() throws Exception {
    assertEquals(200, verifying.get("/viewer-thing", bearer("viewer")).statusCode());

    HttpResponse<String> response = verifying.post("/operator-thing", bearer("viewer"));

    assertEquals(403, response.statusCode());
    assertFalse(response.headers().firstValue("WWW-Authenticate").isPresent());
    JsonNode body = json(response);
    assertEquals("Forbidden", body.get("error").asText());
    assertTrue(body.get("message").asText().endsWith("needs role esw-user"), body.toString());
  }

  @Test
  void callerWithoutServiceRolesGets403Everywhere() throws Exception {
    HttpResponse<String> viewing = verifying.get("/viewer-thing", bearer("nobody"));

    assertEquals(403, viewing.statusCode());
    assertTrue(json(viewing).get("message").asText().endsWith("needs role esw-viewer or esw-user"), viewing.body());
    assertEquals(403, verifying.post("/operator-thing", bearer("nobody")).statusCode());
  }

  @Test
  void unreachableKeycloakGets503() throws Exception {
    HttpResponse<String> response = verifying.get("/viewer-thing", bearer("keycloak-down"));

    assertEquals(503, response.statusCode());
    assertEquals("ServiceUnavailable", json(response).get("error").asText());
  }

  @Test
  void failingVerifierGets503WithoutInternals() throws Exception {
    HttpResponse<String> response = verifying.get("/viewer-thing", bearer("explodes"));

    assertEquals(503, response.statusCode());
    assertFalse(response.body().contains("secret internals"), response.body());
    assertFalse(response.body().contains("Exception"), response.body());
    assertEquals("ServiceUnavailable", json(response).get("error").asText());
  }

  @Test
  void disabledAuthLetsEveryRequestThroughAsAnonymousOperator() throws Exception {
    for (Optional<String> authorization : java.util.List.of(Optional.<String>empty(), bearer("garbage"))) {
      HttpResponse<String> viewing = disabled.get("/viewer-thing", authorization);
      HttpResponse<String> operating = disabled.post("/operator-thing", authorization);

      assertEquals(200, viewing.statusCode(), viewing.body());
      assertEquals(200, operating.statusCode(), operating.body());
      JsonNode caller = json(operating);
      assertEquals(BearerAuthDirectives.ANONYMOUS, caller.get("username").asText());
      assertEquals("[\"esw-user\",\"esw-viewer\"]", caller.get("roles").toString());
    }
  }

  @Test
  void disabledAuthAnswersEveryRequestAfreshFromARouteBuiltOnce() {
    // A listing built once (GET /api/v1/agents) showed the fleet as it was at start, forever.
    HttpResponse<String> first = disabled.get("/counted-thing", Optional.empty());
    HttpResponse<String> second = disabled.get("/counted-thing", Optional.empty());

    assertEquals(200, first.statusCode(), first.body());
    assertEquals(Integer.parseInt(first.body()) + 1, Integer.parseInt(second.body()), "the second answer");
  }

  @Test
  void verifyingAuthAnswersEveryRequestAfreshFromARouteBuiltOnce() {
    HttpResponse<String> first = verifying.get("/counted-thing", bearer("viewer"));
    HttpResponse<String> second = verifying.get("/counted-thing", bearer("viewer"));

    assertEquals(200, first.statusCode(), first.body());
    assertEquals(Integer.parseInt(first.body()) + 1, Integer.parseInt(second.body()), "the second answer");
  }

  @Test
  void disabledAuthIsAnnouncedWithAWarnAtStart() {
    assertTrue(wiringLog.list.stream().anyMatch(event -> event.getLevel() == Level.WARN
            && event.getFormattedMessage().equals(AuthWiring.disabledWarning(SETTINGS))),
        "expected the disabled-auth WARN, got " + wiringLog.list);
    assertTrue(AuthWiring.disabledWarning(SETTINGS).startsWith("AUTHENTICATION IS DISABLED"));
  }
}
