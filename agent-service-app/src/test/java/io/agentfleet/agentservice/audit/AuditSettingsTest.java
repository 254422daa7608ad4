package io.agentfleet.agentservice.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AuditSettingsTest {
  @Test
  void theDefaultsKeepTenFilesOfTenMegabytesAndIgnoreForwardedFor() {
    AuditSettings settings = AuditSettings.fromConfig(ConfigFactory.defaultReference());

    assertEquals(10L * 1000 * 1000, settings.maxFileSize());
    assertEquals(10, settings.maxFiles());
    assertEquals(false, settings.trustForwardedFor());
    assertTrue(settings.file().isAbsolute(), settings.file().toString());
    assertEquals(settings.file().resolveSibling("agent-service-audit.jsonl.3"), settings.rotated(3));
  }

  @Test
  void moreRotatedFilesThanLogbackKeepsOrNoneAreRefused() {
    IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> new AuditSettings(Path.of("a"), 1024, 21, false));
    assertTrue(tooMany.getMessage().contains("max-files"), tooMany.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AuditSettings(Path.of("a"), 1024, 0, false));
    assertThrows(IllegalArgumentException.class, () -> new AuditSettings(Path.of("a"), 0, 10, false));
  }
}
