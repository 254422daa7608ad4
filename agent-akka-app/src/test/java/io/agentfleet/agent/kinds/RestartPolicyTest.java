package io.agentfleet.agent.kinds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  private static final RestartPolicy ON_FAILURE =
      new RestartPolicy(RestartPolicy.Mode.ON_FAILURE, 3, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60));

  private static ComponentKind kind(String hocon) {
    return TestKinds.kindK(hocon);
  }

  @Test
  void backoffDoublesPerAttemptUpToTheCap() {
    assertEquals(Duration.ofSeconds(1), ON_FAILURE.delayBefore(1));
    assertEquals(Duration.ofSeconds(2), ON_FAILURE.delayBefore(2));
    assertEquals(Duration.ofSeconds(4), ON_FAILURE.delayBefore(3));
    assertEquals(Duration.ofSeconds(5), ON_FAILURE.delayBefore(4));
    assertEquals(Duration.ofSeconds(5), ON_FAILURE.delayBefore(1000));
  }

  @Test
  void onlyFailuresAreRelaunchedAndOnlyUpToMaxRestartsInARow() {
    assertTrue(ON_FAILURE.relaunches(137, 0));
    assertTrue(ON_FAILURE.relaunches(-1, 2));
    assertFalse(ON_FAILURE.relaunches(0, 0), "a clean exit is not a failure");
    assertFalse(ON_FAILURE.relaunches(1, 3), "three relaunches in a row are the most");
    assertFalse(RestartPolicy.NEVER.relaunches(137, 0));
  }

  @Test
  void aComponentThatRanLongEnoughStartsAFreshCount() {
    assertEquals(3, ON_FAILURE.restartsSoFar(3, Duration.ofSeconds(59)));
    assertEquals(0, ON_FAILURE.restartsSoFar(3, Duration.ofSeconds(60)));
  }

  @Test
  void kindsNeverRestartByDefaultAndOverrideSingleKeys() {
    assertEquals(RestartPolicy.Mode.NEVER, kind("agent.components.k = ${agent.components.sample}").restart().mode());
    RestartPolicy policy = kind("agent.components.k = ${agent.components.sample} { restart { policy = on-failure, max-restarts = 5 } }").restart();
    assertEquals(RestartPolicy.Mode.ON_FAILURE, policy.mode());
    assertEquals(5, policy.maxRestarts());
    assertEquals(Duration.ofSeconds(1), policy.backoff(), "the rest comes from agent.restart-defaults");
    assertEquals(Duration.ofSeconds(30), policy.maxBackoff());
  }

  @Test
  void badRestartSettingsAreRefusedNamingTheKey() {
    ConfigException mode = assertThrows(ConfigException.class,
        () -> kind("agent.components.k = ${agent.components.sample} { restart.policy = always }"));
    assertTrue(mode.getMessage().contains("agent.components.k.restart.policy") && mode.getMessage().contains("on-failure"), mode.getMessage());
    ConfigException count = assertThrows(ConfigException.class,
        () -> kind("agent.components.k = ${agent.components.sample} { restart.max-restarts = -1 }"));
    assertTrue(count.getMessage().contains("agent.components.k.restart") && count.getMessage().contains("max-restarts"), count.getMessage());
    ConfigException backoff = assertThrows(ConfigException.class,
        () -> kind("agent.components.k = ${agent.components.sample} { restart { backoff = 10s, max-backoff = 1s } }"));
    assertTrue(backoff.getMessage().contains("max-backoff"), backoff.getMessage());
    ConfigException zero = assertThrows(ConfigException.class,
        () -> kind("agent.components.k = ${agent.components.sample} { restart.backoff = 0s }"));
    assertTrue(zero.getMessage().contains("agent.components.k.restart.backoff"), zero.getMessage());
  }
}
