package io.agentfleet.agentservice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.node.tls.LocalPki;
import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.MemberProcess;
import io.agentfleet.location.testkit.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * The Agent Service over HTTPS when a certificate is configured, and its {@code /health}, which
 * answers 503 until the service is an Up member of the cluster.
 */
class ServiceHttpsIT {
  private static final Path JAR = Path.of("target", "agent-service-app.jar");

  /** A client that trusts only the fleet's test CA, which signed the service's certificate. */
  private static HttpClient trustingTheFleetCa() throws Exception {
    LocalPki.Stores pki = TestPki.fleet();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pki.trustStore())) {
      trust.load(in, Files.readAllLines(pki.passwordFile()).get(0).toCharArray());
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static MemberProcess start(String name, int port, List<String> join) {
    LocalPki.Stores pki = TestPki.fleet();
    List<String> args = new ArrayList<>(List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next()));
    args.addAll(join);
    return MemberProcess.start(name, JAR, port,
        List.of("-Dagent-service.auth.disabled=true", "-Dagent-service.join-timeout=120s",
            "-Dagent-service.http.tls.key-store=" + pki.keyStore(), "-Dagent-service.http.tls.password-file=" + pki.passwordFile()),
        args);
  }

  private static Optional<HttpResponse<String>> get(HttpClient client, URI uri) {
    try {
      return Optional.of(client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Test
  void withACertificateTheServiceAnswersOverHttpsOnlyAndItsHealthSaysWhetherItIsAMember() throws Exception {
    HttpClient https = trustingTheFleetCa();
    int joining = FreePorts.next();
    int founding = FreePorts.next();
    // One that cannot join (its seed is nobody) and one that founds its own cluster: both serve HTTPS.
    try (MemberProcess waiting = start("https-service-joining", joining, List.of("--seeds", "127.0.0.1:" + FreePorts.next()));
        MemberProcess member = start("https-service-member", founding, List.of("--new-cluster"))) {
      HttpResponse<String> notYet = Eventually.awaitValue("the joining service answers /health over HTTPS", Duration.ofSeconds(90),
          () -> {
            assertTrue(waiting.isAlive(), waiting.tail());
            return get(https, URI.create("https://127.0.0.1:" + joining + "/health"));
          }, Optional::isPresent).orElseThrow();
      assertEquals(503, notYet.statusCode(), notYet.body());
      assertTrue(notYet.body().contains("\"status\":\"starting\"") && notYet.body().contains("\"members\":0,"), notYet.body());

      HttpResponse<String> up = Eventually.awaitValue("the founding service is healthy over HTTPS", Duration.ofSeconds(90),
          () -> {
            assertTrue(member.isAlive(), member.tail());
            return get(https, URI.create("https://127.0.0.1:" + founding + "/health"));
          }, answer -> answer.isPresent() && answer.get().statusCode() == 200).orElseThrow();
      assertTrue(up.body().contains("\"memberStatus\":\"Up\""), up.body());
      Eventually.await("the service says where it listens", Duration.ofSeconds(30),
          () -> member.output().contains("agent service: HTTP API https://127.0.0.1:" + founding + ","));

      // Plain HTTP on the same port is not served.
      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      Optional<HttpResponse<String>> overHttp = get(plain, URI.create("http://127.0.0.1:" + founding + "/health"));
      assertFalse(overHttp.isPresent() && overHttp.get().statusCode() == 200, "plain HTTP answered: " + overHttp);
    }
  }

  @Test
  void aKeyStoreThatCannotBeReadStopsTheStartWithItsName() {
    int port = FreePorts.next();
    try (MemberProcess service = MemberProcess.start("https-service-no-store", JAR, port,
        List.of("-Dagent-service.auth.disabled=true", "-Dagent-service.http.tls.key-store=target/no-such-https.p12"),
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next(), "--new-cluster"))) {
      assertEquals(1, service.awaitExit(Duration.ofSeconds(60)), service.output());
      assertTrue(service.output().contains("agent-service: cannot start: HTTPS key store target/no-such-https.p12"), service.output());
      assertFalse(service.output().contains("\tat "), service.output());
    }
  }
}
