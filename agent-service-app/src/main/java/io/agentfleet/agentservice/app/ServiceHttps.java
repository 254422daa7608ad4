package io.agentfleet.agentservice.app;

import akka.http.javadsl.ConnectionContext;
import akka.http.javadsl.HttpsConnectionContext;
import com.typesafe.config.Config;
import io.agentfleet.location.node.tls.StorePassword;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The Agent Service's HTTPS: its API is served over TLS when a certificate is configured, plain HTTP otherwise. */
final class ServiceHttps {
  static final String KEY_STORE = "agent-service.http.tls.key-store";
  static final String PASSWORD_FILE = "agent-service.http.tls.password-file";
  static final String PASSWORD_ENV = "FLEET_HTTPS_PASSWORD";

  private ServiceHttps() {}

  /**
   * The HTTPS context for the configured PKCS12 key store, or empty for plain HTTP.
   *
   * @throws IllegalArgumentException naming the store or password file that cannot be used
   */
  static Optional<HttpsConnectionContext> fromConfig(Config config, Map<String, String> env) {
    String configured = config.getString(KEY_STORE);
    if (configured.isBlank()) {
      return Optional.empty();
    }
    Path keyStore = Path.of(configured);
    if (!Files.isRegularFile(keyStore) || !Files.isReadable(keyStore)) {
      throw new IllegalArgumentException("HTTPS key store " + keyStore + " (" + KEY_STORE + ") is not a readable file");
    }
    String passwordFile = config.getString(PASSWORD_FILE);
    char[] password = StorePassword.read(
        passwordFile.isBlank() ? Optional.empty() : Optional.of(Path.of(passwordFile)), PASSWORD_FILE, env, PASSWORD_ENV).toCharArray();
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, password);
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, new SecureRandom());
      return Optional.of(ConnectionContext.httpsServer(context));
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("HTTPS key store " + keyStore + " cannot be used: " + e.getMessage());
    }
  }
}
