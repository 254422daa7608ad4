package io.agentfleet.location.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agentfleet.location.node.tls.StorePassword;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a member talks to the others: Artery over mutual TLS (the default; both ends show a certificate
 * signed by a CA in the fleet's trust store), or plain TCP only when an operator asks for it.
 */
public sealed interface MemberTransport permits MemberTransport.MutualTls, MemberTransport.InsecurePlainTcp {
  /** Settings root of the member transport, in location-service's reference.conf. */
  String ROOT = "location-service.cluster";

  String INSECURE_PLAIN_TCP = ROOT + ".insecure-plain-tcp";
  String KEY_STORE = ROOT + ".tls.key-store";
  String TRUST_STORE = ROOT + ".tls.trust-store";
  String PASSWORD_FILE = ROOT + ".tls.password-file";
  /** Where the password comes from when no password file is configured. */
  String PASSWORD_ENV = "FLEET_TLS_PASSWORD";

  /** The Akka settings that make Artery use this transport; they win over everything else. */
  Config akkaSettings();

  /**
   * Fails, naming the file and what is wrong, when the member could not use this transport: Akka
   * opens the stores only at the first connection, so a wrong password would otherwise let a lone
   * founder look healthy until another member tries to join it.
   */
  default void check() {}

  /** Artery over TLS with this member's key and certificate and the fleet's trusted CAs (PKCS12 files). */
  record MutualTls(Path keyStore, Path trustStore, String password) implements MemberTransport {
    @Override
    public Config akkaSettings() {
      String engine = "akka.remote.artery.ssl.config-ssl-engine.";
      Map<String, Object> values = new HashMap<>();
      values.put("akka.remote.artery.transport", "tls-tcp");
      values.put(engine + "key-store", keyStore.toAbsolutePath().toString());
      values.put(engine + "trust-store", trustStore.toAbsolutePath().toString());
      values.put(engine + "key-store-password", password);
      values.put(engine + "key-password", password);
      values.put(engine + "trust-store-password", password);
      return ConfigFactory.parseMap(values);
    }

    @Override
    public void check() {
      KeyStore key = open(keyStore, "key store", password);
      KeyStore trust = open(trustStore, "trust store", password);
      try {
        if (Collections.list(key.aliases()).stream().noneMatch(alias -> isKey(key, alias))) {
          throw new IllegalArgumentException("member TLS key store " + keyStore + " holds no private key: it must hold this member's key and certificate");
        }
        if (trust.size() == 0) {
          throw new IllegalArgumentException("member TLS trust store " + trustStore + " holds no certificate: it must hold the fleet's CA");
        }
      } catch (KeyStoreException e) {
        throw new IllegalArgumentException("member TLS stores cannot be read: " + e.getMessage(), e);
      }
    }

    private static KeyStore open(Path file, String what, String password) {
      try (InputStream in = Files.newInputStream(file)) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(in, password.toCharArray());
        return store;
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("member TLS " + what + " " + file + " cannot be opened with the configured password (a PKCS12"
            + " file and its password, see docs/operations.md, \"Member TLS\"): " + e.getMessage(), e);
      }
    }

    private static boolean isKey(KeyStore store, String alias) {
      try {
        return store.isKeyEntry(alias);
      } catch (KeyStoreException e) {
        return false;
      }
    }

    @Override
    public String toString() {
      return "MutualTls[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
    }
  }

  /** Unauthenticated plain TCP: anything that reaches the cluster port can join. */
  record InsecurePlainTcp() implements MemberTransport {
    @Override
    public Config akkaSettings() {
      return ConfigFactory.parseMap(Map.of("akka.remote.artery.transport", "tcp"));
    }
  }

  /** A member configured with neither TLS files nor plain TCP; the apps exit with usage code 2. */
  final class NotChosen extends IllegalArgumentException {
    NotChosen() {
      super(
          "No member TLS configured: give --tls-key-store, --tls-trust-store and --tls-password-file (PKCS12 files"
              + " signed by the fleet's CA; see docs/operations.md, \"Member TLS\"), or --insecure-plain-tcp to let"
              + " any process that reaches the cluster port join (a closed test bench only).");
    }
  }

  /**
   * The transport {@code config} asks for. Plain TCP wins when it is set, since it must be asked for
   * explicitly; otherwise the key store and trust store must both be named and readable.
   *
   * @throws NotChosen when neither is configured
   * @throws IllegalArgumentException naming the setting that is missing or the file that cannot be read
   */
  static MemberTransport fromConfig(Config config, Map<String, String> env) {
    if (config.getBoolean(INSECURE_PLAIN_TCP)) {
      return new InsecurePlainTcp();
    }
    Optional<Path> keyStore = path(config, KEY_STORE);
    Optional<Path> trustStore = path(config, TRUST_STORE);
    if (keyStore.isEmpty() && trustStore.isEmpty()) {
      throw new NotChosen();
    }
    Path key = keyStore.orElseThrow(() -> missing("--tls-key-store", KEY_STORE));
    Path trust = trustStore.orElseThrow(() -> missing("--tls-trust-store", TRUST_STORE));
    readable(key, "key store");
    readable(trust, "trust store");
    return new MutualTls(key, trust, password(config, env));
  }

  /** Logs what an operator must know about this transport at start. */
  static void announce(MemberTransport transport, Config config) {
    Logger log = LoggerFactory.getLogger(MemberTransport.class);
    if (transport instanceof InsecurePlainTcp) {
      log.warn(
          "INSECURE: plain TCP between members ({} = on): any process that reaches cluster port {} can join the"
              + " cluster and send commands to its agents. Use member TLS outside a closed test bench.",
          INSECURE_PLAIN_TCP,
          config.getInt("akka.remote.artery.canonical.port"));
    } else if (transport instanceof MutualTls tls) {
      log.info("member TLS: key store {}, trust store {}", tls.keyStore(), tls.trustStore());
    }
  }

  private static Optional<Path> path(Config config, String key) {
    return config.hasPath(key) && !config.getString(key).isBlank()
        ? Optional.of(Path.of(config.getString(key)))
        : Optional.empty();
  }

  private static IllegalArgumentException missing(String flag, String key) {
    return new IllegalArgumentException(
        "member TLS needs both a key store and a trust store: " + flag + " (" + key + ") is missing");
  }

  private static void readable(Path file, String what) {
    if (!Files.isReadable(file) || Files.isDirectory(file)) {
      throw new IllegalArgumentException("member TLS " + what + " " + file + " is not a readable file");
    }
  }

  private static String password(Config config, Map<String, String> env) {
    return StorePassword.read(path(config, PASSWORD_FILE), "--tls-password-file (" + PASSWORD_FILE + ")", env, PASSWORD_ENV);
  }
}
