package io.agentfleet.location.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.agentfleet.location.node.tls.LocalPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberTransportTest {
  @TempDir static Path pkiDir;
  @TempDir Path dir;
  private static LocalPki.Stores pki;
  private static String password;
  private Path keyStore;
  private Path trustStore;
  private Path passwordFile;

  @BeforeAll
  static void makePki() throws IOException {
    // Real stores: the member opens them at start, so a wrong password or file is refused there.
    pki = LocalPki.ensure(pkiDir);
    password = Files.readAllLines(pki.passwordFile()).get(0);
  }

  @BeforeEach
  void stores() throws IOException {
    keyStore = pki.keyStore();
    trustStore = pki.trustStore();
    passwordFile = Files.writeString(dir.resolve("password"), password + "\nignored\n");
  }

  private static Config load(Map<String, Object> settings, Map<String, String> env) {
    return ClusterNodeConfig.load("127.0.0.1", 0, List.of(), Optional.empty(), settings, env);
  }

  private Map<String, Object> tls() {
    Map<String, Object> settings = new HashMap<>();
    settings.put(MemberTransport.KEY_STORE, keyStore.toString());
    settings.put(MemberTransport.TRUST_STORE, trustStore.toString());
    settings.put(MemberTransport.PASSWORD_FILE, passwordFile.toString());
    return settings;
  }

  @Test
  void membersTalkMutualTlsOnceStoresAreNamed() {
    Config config = load(tls(), Map.of());
    String engine = "akka.remote.artery.ssl.config-ssl-engine.";
    assertEquals("tls-tcp", config.getString("akka.remote.artery.transport"));
    assertEquals("akka.remote.artery.tcp.ConfigSSLEngineProvider", config.getString("akka.remote.artery.ssl.ssl-engine-provider"));
    assertTrue(config.getBoolean(engine + "require-mutual-authentication"));
    assertEquals(false, config.getBoolean(engine + "hostname-verification"));
    assertEquals("TLSv1.3", config.getString(engine + "protocol"));
    assertEquals(keyStore.toAbsolutePath().toString(), config.getString(engine + "key-store"));
    assertEquals(trustStore.toAbsolutePath().toString(), config.getString(engine + "trust-store"));
    for (String password : List.of("key-store-password", "key-password", "trust-store-password")) {
      assertEquals(MemberTransportTest.password, config.getString(engine + password), password);
    }
  }

  @Test
  void withoutStoresOrPlainTcpAMemberIsRefused() {
    assertThrows(MemberTransport.NotChosen.class, () -> load(Map.of(), Map.of()));
    assertThrows(MemberTransport.NotChosen.class, () -> ClusterNodeConfig.requireTransportChoice(Optional.empty(), Map.of()));
  }

  @Test
  void plainTcpOnlyWhenAskedForAndItWinsOverStores() {
    assertEquals("tcp", load(Map.of(MemberTransport.INSECURE_PLAIN_TCP, true), Map.of()).getString("akka.remote.artery.transport"));
    Map<String, Object> both = tls();
    both.put(MemberTransport.INSECURE_PLAIN_TCP, "on");
    assertEquals("tcp", load(both, Map.of()).getString("akka.remote.artery.transport"));
  }

  @Test
  void aMissingTrustStoreIsNamed() {
    Map<String, Object> settings = tls();
    settings.remove(MemberTransport.TRUST_STORE);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> load(settings, Map.of()));
    assertTrue(refused.getMessage().contains("--tls-trust-store"), refused.getMessage());
    // Half a TLS setup is a mistake to report as such, not "no TLS configured".
    ClusterNodeConfig.requireTransportChoice(Optional.empty(), settings);
  }

  @Test
  void anUnreadableStoreIsNamed() {
    Map<String, Object> settings = tls();
    settings.put(MemberTransport.KEY_STORE, dir.resolve("no-such.p12").toString());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> load(settings, Map.of()));
    assertTrue(refused.getMessage().contains("no-such.p12") && refused.getMessage().contains("not a readable file"), refused.getMessage());
  }

  @Test
  void thePasswordComesFromTheEnvironmentWithoutAFile() {
    Map<String, Object> settings = tls();
    settings.remove(MemberTransport.PASSWORD_FILE);
    Config config = load(settings, Map.of(MemberTransport.PASSWORD_ENV, password));
    assertEquals(password, config.getString("akka.remote.artery.ssl.config-ssl-engine.key-store-password"));
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> load(settings, Map.of()));
    assertTrue(refused.getMessage().contains(MemberTransport.PASSWORD_ENV), refused.getMessage());
  }

  @Test
  void thePasswordIsNotShownWithTheTransport() {
    MemberTransport transport = MemberTransport.fromConfig(load(tls(), Map.of()), Map.of());
    assertTrue(transport instanceof MemberTransport.MutualTls);
    assertTrue(!transport.toString().contains(password), transport.toString());
  }

  @Test
  void theFleetsAkkaSettingsWinOverAkkasOwn() {
    // In fleet-cluster.conf, not a reference.conf: an executable jar appends Akka's reference.conf
    // after ours, and its "infinite" would win (no pings, so CSW tracking sockets idle out).
    Config config = load(Map.of(MemberTransport.INSECURE_PLAIN_TCP, true), Map.of());
    assertEquals(java.time.Duration.ofSeconds(15), config.getDuration("akka.http.server.websocket.periodic-keep-alive-max-idle"));
    assertEquals("off", config.getString("akka.http.server.preview.enable-http2"));
  }

  @Test
  void aWrongPasswordIsRefusedAtStartNamingTheStore() throws IOException {
    Map<String, Object> settings = tls();
    settings.put(MemberTransport.PASSWORD_FILE, Files.writeString(dir.resolve("wrong"), "not-the-password\n").toString());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> load(settings, Map.of()));
    assertTrue(refused.getMessage().contains(keyStore.toString()) && refused.getMessage().contains("cannot be opened"), refused.getMessage());
  }

  @Test
  void aFileThatIsNoStoreIsRefusedAtStart() throws IOException {
    Map<String, Object> settings = tls();
    settings.put(MemberTransport.TRUST_STORE, Files.writeString(dir.resolve("trust.p12"), "not a PKCS12 file").toString());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> load(settings, Map.of()));
    assertTrue(refused.getMessage().contains("trust store") && refused.getMessage().contains("trust.p12"), refused.getMessage());
  }

  @Test
  void aTrustStoreInTheKeyStoresPlaceIsRefused() {
    Map<String, Object> settings = tls();
    settings.put(MemberTransport.KEY_STORE, trustStore.toString());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> load(settings, Map.of()));
    assertTrue(refused.getMessage().contains("holds no private key"), refused.getMessage());
  }
}
