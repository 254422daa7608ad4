package io.agentfleet.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where things are: the built module jars and Keycloak in the source tree ({@code home}), and this
 * fleet's logs in {@code stateDir}.
 */
record FleetLayout(Path home, Path stateDir) {

  FleetLayout {
    home = home.toAbsolutePath().normalize();
    stateDir = stateDir.toAbsolutePath().normalize();
  }

  /** The source tree this launcher was built in: its jar is {@code <home>/fleet-local/target/fleet-local.jar}. */
  static Path homeOfThisJar() {
    try {
      Path location = Path.of(LocalFleetMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // Run from its classes (an IDE) rather than its jar: the same three levels up, from target/classes.
      return location.getParent().getParent().getParent();
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("").toAbsolutePath();
    }
  }

  Path registryJar() {
    return home.resolve("location-service/target/location-service.jar");
  }

  Path agentJar() {
    return home.resolve("agent-akka-app/target/agent-akka-app.jar");
  }

  Path serviceJar() {
    return home.resolve("agent-service-app/target/agent-service-app.jar");
  }

  /** The agent's shipped JVM settings, a JDK argument file. */
  Path agentOptions() {
    return home.resolve("deploy/jvm/agent.options");
  }

  /** A registry node's shipped JVM settings, a JDK argument file. */
  Path registryOptions() {
    return home.resolve("deploy/jvm/registry.options");
  }

  /** The Agent Service's shipped JVM settings, a JDK argument file. */
  Path serviceOptions() {
    return home.resolve("deploy/jvm/agent-service.options");
  }

  Path cliJar() {
    return home.resolve("fleet-cli/target/fleet-cli.jar");
  }

  Path keycloakHome() {
    return home.resolve("fleet-local/target/keycloak/keycloak-" + keycloakVersion());
  }

  Path logs() {
    return stateDir.resolve("logs");
  }

  /** Fails naming what is missing when the modules have not been built. */
  void requireBuilt() {
    for (Path file : new Path[] {registryJar(), registryOptions(), agentJar(), agentOptions(), serviceJar(), serviceOptions(), cliJar(), keycloakHome().resolve("bin/kc.sh")}) {
      if (!Files.exists(file)) {
        throw new LaunchFailure(file + " is missing: build first with `mvn -q -B install -DskipTests` in " + home);
      }
    }
  }

  private static String keycloakVersion() {
    Properties properties = new Properties();
    try (InputStream in = FleetLayout.class.getResourceAsStream("/fleet-local.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("keycloak.version");
  }
}
