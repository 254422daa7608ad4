package io.agentfleet.agent.kinds;

import com.typesafe.config.ConfigFactory;

/** Component kinds as an agent reads them: {@code hocon} over the shipped reference.conf. */
final class TestKinds {
  private TestKinds() {}

  static ComponentKinds kinds(String hocon) {
    return ComponentKinds.fromConfig(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  /** The kind named {@code k} in {@code hocon}. */
  static ComponentKind kindK(String hocon) {
    return kinds(hocon).find("k").orElseThrow();
  }
}
