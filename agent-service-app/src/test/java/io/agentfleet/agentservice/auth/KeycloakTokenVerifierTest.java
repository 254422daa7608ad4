package io.agentfleet.agentservice.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.agentfleet.agentservice.auth.Verification.Rejected;
import io.agentfleet.agentservice.auth.Verification.Unavailable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the verifier does without a working Keycloak; with a real one see BearerAuthIT. */
class KeycloakTokenVerifierTest {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String PAYLOAD = b64("{\"sub\":\"someone\",\"typ\":\"Bearer\",\"exp\":4102444800,"
      + "\"iss\":\"http://127.0.0.1/realms/TMT\",\"realm_access\":{\"roles\":[\"esw-user\"]}}");
  private static final String RS256_LOOKALIKE =
      b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}") + "." + PAYLOAD + "." + b64("not really a signature");

  private static ExecutorService blocking;
  // Accepts TCP connections (the kernel completes the handshake) but never answers: a hung Keycloak.
  private static ServerSocket silentServer;

  @BeforeAll
  static void start() throws IOException {
    blocking = Executors.newFixedThreadPool(2);
    silentServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @AfterAll
  static void stop() throws Exception {
    blocking.shutdownNow();
    assertTrue(blocking.awaitTermination(10, TimeUnit.SECONDS));
    silentServer.close();
  }

  private static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static KeycloakTokenVerifier verifierFor(String keycloakUrl) {
    AuthSettings settings = AuthSettings.fromConfig(ConfigFactory.parseString(
            "agent-service.auth { keycloak-url = \"" + keycloakUrl + "\", key-fetch-timeout = 300ms, verify-timeout = 3s }")
        .withFallback(ConfigFactory.defaultReference()));
    return KeycloakTokenVerifier.create(settings, blocking);
  }

  private static String closedPortUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  private static Verification verify(KeycloakTokenVerifier verifier, String token) throws Exception {
    return verifier.verify(token).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void garbageIsRejectedWithoutAskingKeycloak() throws Exception {
    KeycloakTokenVerifier verifier = verifierFor(closedPortUrl());

    for (String garbage : new String[] {"garbage", "a.b.c", "....", b64("{}") + "." + PAYLOAD + ".c2ln"}) {
      assertInstanceOf(Rejected.class, verify(verifier, garbage), garbage);
    }
  }

  @Test
  void unsignedAndSymmetricTokensAreRejectedWithoutAskingKeycloak() throws Exception {
    KeycloakTokenVerifier verifier = verifierFor(closedPortUrl());
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + PAYLOAD + ".";
    String hs256 = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + PAYLOAD + "." + b64("mac");
    String rs256WithoutSignature = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + PAYLOAD + ".";

    for (String token : new String[] {none, hs256, rs256WithoutSignature}) {
      Verification verification = verify(verifier, token);
      assertInstanceOf(Rejected.class, verification, token);
    }
  }

  @Test
  void unreachableKeycloakMakesVerificationUnavailableNotRejected() throws Exception {
    KeycloakTokenVerifier verifier = verifierFor(closedPortUrl());

    assertInstanceOf(Unavailable.class, verify(verifier, RS256_LOOKALIKE));
  }

  @Test
  void keycloakThatNeverAnswersMakesVerificationUnavailableWithinTheTimeouts() throws Exception {
    KeycloakTokenVerifier verifier = verifierFor("http://127.0.0.1:" + silentServer.getLocalPort());

    long started = System.nanoTime();
    Verification verification = verify(verifier, RS256_LOOKALIKE);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertInstanceOf(Unavailable.class, verification);
    assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "took " + took);
  }

  @Test
  void rejectionReasonsAreShortAndSafeToShow() throws Exception {
    Verification verification = verify(verifierFor(closedPortUrl()), "garbage");

    assertEquals(new Rejected("token is not a well-formed JWT"), verification);
  }
}
