package io.agentfleet.agent.kinds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComponentVersionTest {
  private static ComponentKinds kinds(String hocon) {
    return TestKinds.kinds(hocon);
  }

  @Test
  void aRequestedVersionIsLaunchedAndNoneMeansTheKindsDefault() {
    ComponentKind seqComp = kinds("").find("sequence-component").orElseThrow();
    assertEquals(Optional.of("0.1.0"), seqComp.versionFor(Optional.empty()));
    assertEquals(Optional.of("2.0.1-RC1"), seqComp.versionFor(Optional.of("2.0.1-RC1")));
    List<String> command = LaunchCommand.build(Path.of("java"), seqComp, Map.of("version", "2.0.1-RC1"), List.of());
    int at = command.indexOf("--component-version");
    assertEquals("2.0.1-RC1", command.get(at + 1), command.toString());
  }

  @Test
  void aKindWhoseArgsTakeNoVersionRefusesOneAndBadVersionsAreRefused() {
    ComponentKind sample = kinds("").find("sample").orElseThrow();
    assertEquals(Optional.empty(), sample.versionFor(Optional.empty()));
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> sample.versionFor(Optional.of("1.0")));
    assertTrue(none.getMessage().contains("'sample' takes no version"), none.getMessage());
    ComponentKind seqComp = kinds("").find("sequence-component").orElseThrow();
    for (String bad : List.of("", "1.0 --debug", "../../etc", "-rf", "x".repeat(65))) {
      assertThrows(IllegalArgumentException.class, () -> seqComp.versionFor(Optional.of(bad)), bad);
    }
  }

  @Test
  void versionPlaceholderAndDefaultVersionGoTogether() {
    ConfigException missing = assertThrows(ConfigException.class,
        () -> kinds("agent.components.k = ${agent.components.sample} { args = [\"--v\", \"${version}\"] }"));
    assertTrue(missing.getMessage().contains("agent.components.k.default-version"), missing.getMessage());
    ConfigException unused = assertThrows(ConfigException.class,
        () -> kinds("agent.components.k = ${agent.components.sample} { default-version = \"1.0\" }"));
    assertTrue(unused.getMessage().contains("agent.components.k.default-version"), unused.getMessage());
  }
}
