package io.agentfleet.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The local fleet's Keycloak: the Maven Central distribution the build unpacked, in dev mode with an
 * in-memory database, so every start imports the demo realm afresh and nothing of an earlier run is
 * reused.
 */
final class KeycloakProcess {
  /** The realm the Agent Service trusts by default. */
  static final String REALM = "TMT";

  private KeycloakProcess() {}

  static Member start(MemberLauncher launcher, Path home, int port, int managementPort) {
    importRealm(home.resolve("data/import"));
    List<String> command = List.of(
        home.resolve("bin/kc.sh").toString(), "start-dev",
        "--http-host=127.0.0.1",
        "--http-port=" + port,
        "--http-management-port=" + managementPort,
        "--db=dev-mem",
        "--import-realm");
    Map<String, String> env = new java.util.HashMap<>();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    // kc.sh would otherwise size the heap from the machine's RAM (50 % initial), too greedy next to four more JVMs.
    env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
    return launcher.start("keycloak", command, env, home);
  }

  /** Where the realm's discovery document answers once Keycloak is ready. */
  static URI discovery(URI baseUrl) {
    return baseUrl.resolve("/realms/" + REALM + "/.well-known/openid-configuration");
  }

  private static void importRealm(Path importDir) {
    try {
      Files.createDirectories(importDir);
      try (DirectoryStream<Path> old = Files.newDirectoryStream(importDir, "*.json")) {
        for (Path p : old) {
          Files.delete(p);
        }
      }
      try (InputStream in = KeycloakProcess.class.getResourceAsStream("/local-realm/" + REALM + "-realm.json")) {
        Files.copy(in, importDir.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the realm import in " + importDir, e);
    }
  }
}
