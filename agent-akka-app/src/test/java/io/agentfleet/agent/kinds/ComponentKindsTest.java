package io.agentfleet.agent.kinds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.ConnectionType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentKindsTest {
  private static ComponentKinds kinds(String hocon) {
    return TestKinds.kinds(hocon);
  }

  @Test
  void shippedKindsAreSampleSequenceComponentAndSequenceManager() {
    ComponentKinds kinds = kinds("");
    assertEquals(List.of("sample", "sequence-component", "sequence-manager"), kinds.names());
    ComponentKind seqComp = kinds.find("sequence-component").orElseThrow();
    assertEquals(ComponentType.SequenceComponent, seqComp.componentType());
    assertEquals(ConnectionType.HTTP, seqComp.connectionType());
    assertEquals(Duration.ofSeconds(30), seqComp.registrationTimeout());
    assertEquals(Duration.ofSeconds(10), seqComp.killGrace());
    assertTrue(kinds.find("bash").isEmpty());
  }

  @Test
  void requestArgumentsAreArgumentsNeverCommands() {
    ComponentKind kind = kinds("").find("sample").orElseThrow();
    List<String> command =
        LaunchCommand.build(
            Path.of("/usr/bin/java"), kind, Map.of("componentType", "Service"), List.of("; rm -rf /", "-Dx=y", "$(reboot)"));
    int main = command.indexOf("io.agentfleet.agent.sample.SampleComponent");
    assertTrue(main > 0, command.toString());
    assertEquals(List.of("--component-type", "Service", "; rm -rf /", "-Dx=y", "$(reboot)"), command.subList(main + 1, command.size()));
    assertTrue(command.subList(0, main).stream().noneMatch(arg -> arg.equals("-Dx=y")), "no request arg becomes a JVM option");
  }

  @Test
  void placeholdersAreFilledFromTheLaunch() {
    ComponentKinds kinds =
        kinds("agent.components.k = ${agent.components.sample} { args = [\"--name\", \"${subsystem}/${componentName}@${epoch}\", \"${args}\"] }");
    List<String> command =
        LaunchCommand.build(
            Path.of("java"), kinds.find("k").orElseThrow(), Map.of("subsystem", "ESW", "componentName", "c1", "epoch", "7"), List.of("x"));
    assertEquals(List.of("--name", "ESW/c1@7", "x"), command.subList(command.size() - 3, command.size()));
  }

  @Test
  void badKindsAreRefusedNamingTheKey() {
    ConfigException unknown =
        assertThrows(ConfigException.class, () -> kinds("agent.components.k = ${agent.components.sample} { args = [\"${password}\"] }"));
    assertTrue(unknown.getMessage().contains("agent.components.k.args") && unknown.getMessage().contains("password"), unknown.getMessage());
    ConfigException embedded =
        assertThrows(ConfigException.class, () -> kinds("agent.components.k = ${agent.components.sample} { args = [\"x${args}\"] }"));
    assertTrue(embedded.getMessage().contains("argument of its own"), embedded.getMessage());
    ConfigException type =
        assertThrows(ConfigException.class, () -> kinds("agent.components.k = ${agent.components.sample} { component-type = Widget }"));
    assertTrue(type.getMessage().contains("component-type"), type.getMessage());
    ConfigException grace =
        assertThrows(ConfigException.class, () -> kinds("agent.components.k = ${agent.components.sample} { kill-grace = -1s }"));
    assertTrue(grace.getMessage().contains("kill-grace"), grace.getMessage());
    assertThrows(ConfigException.class, () -> kinds("agent.components.k = ${agent.components.sample} { main-class = \"\" }"));
    assertThrows(ConfigException.class, () -> kinds("agent.components.k = 5"));
  }
}
