package io.agentfleet.agentservice.auth;

import static io.agentfleet.agentservice.testkit.KeycloakServer.BACKEND_CLIENT;
import static io.agentfleet.agentservice.testkit.KeycloakServer.FRONTEND_CLIENT;
import static io.agentfleet.agentservice.testkit.KeycloakServer.OTHER_REALM;
import static io.agentfleet.agentservice.testkit.KeycloakServer.REALM;
import static io.agentfleet.agentservice.testkit.KeycloakServer.SHORT_LIVED_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.agentfleet.agentservice.testkit.KeycloakServer;
import io.agentfleet.agentservice.testkit.Poll;
import io.agentfleet.agentservice.testkit.ProtectedRoutes;
import io.agentfleet.agentservice.testkit.RouteServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The auth directives against a real Keycloak with real tokens: who gets 200, 401 and 403. */
class BearerAuthIT {

  private static final String VIEWER_THING = "/viewer-thing";
  private static final String OPERATOR_THING = "/operator-thing";
  private static final String CHALLENGE = "Bearer realm=\"TMT\"";
  private static final String INVALID_TOKEN_CHALLENGE = "Bearer realm=\"TMT\", error=\"invalid_token\"";

  private static KeycloakServer keycloak;
  private static RouteServer service;

  @BeforeAll
  static void start() {
    keycloak = KeycloakServer.shared();
    service = RouteServer.start("BearerAuthIT",
        ConfigFactory.parseMap(Map.of("agent-service.auth.keycloak-url", keycloak.baseUrl().toString())),
        system -> new ProtectedRoutes(AuthWiring.create(system, AuthSettings.fromConfig(system.settings().config()),
            ProtectedRoutes.MAPPER)).route());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static String tokenOf(String user) {
    return keycloak.token(REALM, FRONTEND_CLIENT, user, user + "-pw");
  }

  private static Optional<String> bearer(String token) {
    return Optional.of("Bearer " + token);
  }

  private static void assertUnauthorized(HttpResponse<String> response, String challenge) throws Exception {
    assertEquals(401, response.statusCode(), response.body());
    assertEquals(Optional.of(challenge), response.headers().firstValue("WWW-Authenticate"));
    JsonNode body = ProtectedRoutes.MAPPER.readTree(response.body());
    assertEquals("Unauthorized", body.get("error").asText());
    assertTrue(body.hasNonNull("message"), response.body());
  }

  private static void assertForbidden(HttpResponse<String> response, String neededRole) throws Exception {
    assertEquals(403, response.statusCode(), response.body());
    JsonNode body = ProtectedRoutes.MAPPER.readTree(response.body());
    assertEquals("Forbidden", body.get("error").asText());
    assertTrue(body.get("message").asText().endsWith("needs role " + neededRole), response.body());
  }

  private static String[] parts(String jwt) {
    String[] parts = jwt.split("\\.");
    assertEquals(3, parts.length, "a signed JWT has three parts");
    return parts;
  }

  @Test
  void requestWithoutTokenGets401WithBearerChallenge() throws Exception {
    assertUnauthorized(service.get(VIEWER_THING, Optional.empty()), CHALLENGE);
    assertUnauthorized(service.post(OPERATOR_THING, Optional.empty()), CHALLENGE);
  }

  @Test
  void garbageTokenGets401() throws Exception {
    assertUnauthorized(service.get(VIEWER_THING, bearer("garbage")), INVALID_TOKEN_CHALLENGE);
  }

  @Test
  void tokenWithAlteredSignatureGets401() throws Exception {
    String[] jwt = parts(tokenOf("operator"));
    // Changes the last eight characters; the very last one alone may only carry padding bits.
    String signature = jwt[2];
    StringBuilder forged = new StringBuilder(signature.substring(0, signature.length() - 8));
    for (char c : signature.substring(signature.length() - 8).toCharArray()) {
      forged.append(c == 'A' ? 'B' : 'A');
    }
    String token = jwt[0] + "." + jwt[1] + "." + forged;

    HttpResponse<String> response = service.post(OPERATOR_THING, bearer(token));

    assertUnauthorized(response, INVALID_TOKEN_CHALLENGE);
    assertTrue(response.body().contains("signature is invalid"), response.body());
  }

  @Test
  void unsignedAlgNoneTokenWithARealPayloadGets401() throws Exception {
    String[] jwt = parts(tokenOf("operator"));
    String header = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> response = service.post(OPERATOR_THING, bearer(header + "." + jwt[1] + "."));

    assertUnauthorized(response, INVALID_TOKEN_CHALLENGE);
    assertTrue(response.body().contains("not signed with an accepted algorithm"), response.body());
  }

  @Test
  void tokenFromAnotherRealmGets401EvenWithTheSameRoleName() throws Exception {
    String token = keycloak.token(OTHER_REALM, FRONTEND_CLIENT, "intruder", "intruder-pw");

    assertUnauthorized(service.get(VIEWER_THING, bearer(token)), INVALID_TOKEN_CHALLENGE);
    assertUnauthorized(service.post(OPERATOR_THING, bearer(token)), INVALID_TOKEN_CHALLENGE);
  }

  @Test
  void expiredTokenGets401() throws Exception {
    // This client's tokens live five seconds: accepted first, refused once expired.
    String token = keycloak.token(REALM, SHORT_LIVED_CLIENT, "operator", "operator-pw");
    assertEquals(200, service.post(OPERATOR_THING, bearer(token)).statusCode());

    HttpResponse<String> expired = Poll.until("the short-lived token is refused", Duration.ofSeconds(60),
        Duration.ofMillis(250), () -> Optional.of(service.post(OPERATOR_THING, bearer(token)))
            .filter(response -> response.statusCode() != 200));

    assertUnauthorized(expired, INVALID_TOKEN_CHALLENGE);
    assertTrue(expired.body().contains("expired"), expired.body());
  }

  @Test
  void operatorMayCallBothRoutes() throws Exception {
    String token = tokenOf("operator");

    HttpResponse<String> viewing = service.get(VIEWER_THING, bearer(token));
    HttpResponse<String> operating = service.post(OPERATOR_THING, bearer(token));

    assertEquals(200, viewing.statusCode(), viewing.body());
    assertEquals(200, operating.statusCode(), operating.body());
    JsonNode caller = ProtectedRoutes.MAPPER.readTree(operating.body());
    assertEquals("operator", caller.get("username").asText());
    assertNotEquals("operator", caller.get("subject").asText(), "the subject is Keycloak's user id");
  }

  @Test
  void operatorRoleGrantedOnTheBackendClientCountsLikeTheRealmRole() throws Exception {
    String token = keycloak.token(REALM, FRONTEND_CLIENT, "client-operator", "client-operator-pw");

    HttpResponse<String> operating = service.post(OPERATOR_THING, bearer(token));

    assertEquals(200, operating.statusCode(), operating.body());
    assertTrue(operating.body().contains("esw-user"), "role from resource_access." + BACKEND_CLIENT);
  }

  @Test
  void viewerMayViewButNotOperate() throws Exception {
    String token = tokenOf("viewer");

    HttpResponse<String> viewing = service.get(VIEWER_THING, bearer(token));
    assertEquals(200, viewing.statusCode(), viewing.body());
    assertForbidden(service.post(OPERATOR_THING, bearer(token)), "esw-user");
  }

  @Test
  void userWithoutServiceRolesGets403Everywhere() throws Exception {
    String token = tokenOf("nobody");

    assertForbidden(service.get(VIEWER_THING, bearer(token)), "esw-viewer or esw-user");
    assertForbidden(service.post(OPERATOR_THING, bearer(token)), "esw-user");
  }
}
