package io.agentfleet.agent.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentEnvironmentTest {
  @Test
  void aComponentGetsTheAgentsEnvironmentWithoutTheFleetsSecretsPlusItsOwn() {
    Map<String, String> agent = Map.of(
        "PATH", "/usr/bin", "HOME", "/home/fleet",
        "FLEET_TLS_PASSWORD", "stores-secret", "FLEET_HTTPS_PASSWORD", "https-secret", "FLEET_CLIENT_SECRET", "client-secret");
    Map<String, String> own = Map.of("AGENT_FLEET_COMPONENT", "ESW.c1", "HOME", "/var/lib/c1");

    assertEquals(Map.of("PATH", "/usr/bin", "HOME", "/var/lib/c1", "AGENT_FLEET_COMPONENT", "ESW.c1"),
        ComponentProcess.environmentFor(agent, own));
  }
}
