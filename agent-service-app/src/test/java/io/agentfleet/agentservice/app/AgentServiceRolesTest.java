package io.agentfleet.agentservice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agentfleet.agentservice.failover.Failover;
import io.agentfleet.location.node.ClusterNodeConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentServiceRolesTest {
  private static Config withRoles(String roles) {
    return ConfigFactory.parseString("akka.cluster.roles = " + roles).withFallback(ClusterNodeConfig.clusterDefaults()).resolve();
  }

  @Test
  void theServiceAddsItsOwnRoleToTheRegistryRole() {
    assertEquals(List.of("registry", Failover.ROLE), AgentServiceWiring.withServiceRole(withRoles("[registry]")).getStringList("akka.cluster.roles"));
  }

  @Test
  void aServiceWithoutTheRegistryRoleIsRefusedWithTheReason() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> AgentServiceWiring.withServiceRole(withRoles("[]")));
    assertTrue(refused.getMessage().contains("needs the registry role"), refused.getMessage());
    assertTrue(refused.getMessage().contains("--no-registry-role"), refused.getMessage());
  }
}
