package io.agentfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {
  @TempDir Path dir;

  @Test
  void theFlagWinsOverTheEnvironmentOverTheFileOverTheDefault() throws Exception {
    Files.writeString(dir.resolve("config.properties"), "service-url = http://from-file:1\n");
    CliConfig withEnv = CliConfig.load(new Environment(Map.of("FLEET_SERVICE_URL", "http://from-env:1")), dir);
    CliConfig withoutEnv = CliConfig.load(new Environment(Map.of()), dir);
    CliConfig nothing = CliConfig.load(new Environment(Map.of()), dir.resolve("absent"));

    assertEquals("http://flag:1", withEnv.resolve("http://flag:1", "FLEET_SERVICE_URL", "service-url", "http://default:1"));
    assertEquals("http://from-env:1", withEnv.resolve(null, "FLEET_SERVICE_URL", "service-url", "http://default:1"));
    assertEquals("http://from-file:1", withoutEnv.resolve(null, "FLEET_SERVICE_URL", "service-url", "http://default:1"));
    assertEquals("http://default:1", nothing.resolve(null, "FLEET_SERVICE_URL", "service-url", "http://default:1"));
  }
}
