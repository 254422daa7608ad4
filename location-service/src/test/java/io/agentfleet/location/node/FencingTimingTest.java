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
    assertTrue(timing.namesFreedNoSoonerThan().compareTo(timing.componentsGoneWithin()) >= 0);
  }

  @Test
  void namesFreedBeforeTheComponentsAreSurelyGoneAreRefused() {
    FencingTiming timing = FencingTiming.fromConfig(fleetDefaults("location-service.fencing.fence-wait = 0s"));
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, timing::check);
    assertTrue(refused.getMessage().contains("fence-wait"), refused.getMessage());
    assertTrue(refused.getMessage().contains("stable-after"), refused.getMessage());
  }

  @Test
  void aLongerLeaseNeedsALongerWait() {
    assertEquals(1, FencingTiming.fromConfig(fleetDefaults("location-service.fencing.lease = 5s")).violations().size());
    assertEquals(List.of(), FencingTiming.fromConfig(fleetDefaults(
        "location-service.fencing.lease = 5s\nlocation-service.fencing.fence-wait = 8s")).violations());
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
