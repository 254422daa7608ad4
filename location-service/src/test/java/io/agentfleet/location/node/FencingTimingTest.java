package io.agentfleet.location.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class FencingTimingTest {
  private static Config fleetDefaults(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ClusterNodeConfig.clusterDefaults()).resolve();
  }

  @Test
  void theShippedSettingsHoldTheFence() {
    FencingTiming timing = FencingTiming.fromConfig(fleetDefaults(""));
    assertEquals(List.of(), timing.violations());
    // lease 2 s + its tenth + halt 0.5 s: how long past its last evidence a component may live.
    assertEquals(java.time.Duration.ofMillis(2700), timing.lifeAfterEvidence());
  }

  @Test
  void negativeWaitsAreRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> FencingTiming.fromConfig(fleetDefaults("location-service.fencing.fence-wait = -1s")).check());
    assertTrue(refused.getMessage().contains("fence-wait"), refused.getMessage());
  }

  @Test
  void aRenewIntervalOverAThirdOfTheLeaseIsRefused() {
    List<String> wrong = FencingTiming.fromConfig(fleetDefaults("location-service.fencing.renew-interval = 1s")).violations();
    assertEquals(1, wrong.size());
    assertTrue(wrong.get(0).contains("renew-interval"), wrong.get(0));
  }

  @Test
  void theResolverCountsTheRegistryMembersAsTheAgentsLeaseRuleDoes() {
    FencingTiming.requireResolverCountsRegistry(fleetDefaults(""));
    // Renaming the registry role moves the resolver's count with it.
    FencingTiming.requireResolverCountsRegistry(fleetDefaults("location-service.registry.role = locations"));
    IllegalArgumentException otherRole = assertThrows(IllegalArgumentException.class,
        () -> FencingTiming.requireResolverCountsRegistry(fleetDefaults("akka.cluster.split-brain-resolver.keep-majority.role = \"\"")));
    assertTrue(otherRole.getMessage().contains("keep-majority.role = \"registry\""), otherRole.getMessage());
    IllegalArgumentException otherStrategy = assertThrows(IllegalArgumentException.class,
        () -> FencingTiming.requireResolverCountsRegistry(fleetDefaults("akka.cluster.split-brain-resolver.active-strategy = keep-oldest")));
    assertTrue(otherStrategy.getMessage().contains("keep-oldest"), otherStrategy.getMessage());
  }
}
