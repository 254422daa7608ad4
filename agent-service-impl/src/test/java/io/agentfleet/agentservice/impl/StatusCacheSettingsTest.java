package io.agentfleet.agentservice.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusCacheSettingsTest {
  @Test
  void theDefaultKeepsAnAgentsAnswerForOneSecond() {
    assertEquals(Duration.ofSeconds(1), StatusCacheSettings.fromConfig(ConfigFactory.defaultReference()).maxAge());
  }

  @Test
  void aNegativeMaxAgeIsAConfigError() {
    var config = ConfigFactory.parseString("agent-service.status-cache.max-age = -1s").withFallback(ConfigFactory.defaultReference());
    ConfigException.BadValue error = assertThrows(ConfigException.BadValue.class, () -> StatusCacheSettings.fromConfig(config));
    assertEquals(true, error.getMessage().contains("max-age"), error.getMessage());
  }
}
