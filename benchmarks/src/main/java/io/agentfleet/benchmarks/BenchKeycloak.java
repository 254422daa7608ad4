package io.agentfleet.benchmarks;

import io.agentfleet.agentservice.testkit.KeycloakServer;
import java.nio.file.Path;

/** The integration tests' Keycloak fixture, run from the distribution they unpack, logging under benchmarks/target. */
final class BenchKeycloak {
  private BenchKeycloak() {}

  static KeycloakServer start() {
    System.setProperty("keycloak.home", Path.of("agent-service-app", "target", "keycloak", "keycloak-26.0.7").toAbsolutePath().toString());
    System.setProperty("keycloak.log", Path.of("benchmarks", "target", "bench-logs", "keycloak.log").toAbsolutePath().toString());
    return KeycloakServer.shared();
  }
}
