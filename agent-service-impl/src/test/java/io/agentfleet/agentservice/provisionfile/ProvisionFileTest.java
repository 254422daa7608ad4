package io.agentfleet.agentservice.provisionfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisionFileTest {

  @Test
  void readsHoconWithBackupsAndArgs() {
    ProvisionFile file = ProvisionFile.parse("""
        name = observatory
        components = [
          { prefix = "ESW.sequence_manager", kind = sequence-manager, type = Service,
            agents = ["ESW.machine1", "ESW.machine2", "ESW.machine3"], args = ["-o", "obsmode.conf"] }
          { prefix = "ESW.demo", kind = sample, type = Service, agents = ["ESW.machine2"] }
        ]
        """);
    assertEquals("observatory", file.name());
    FileComponent sm = file.components().get(0);
    assertEquals(Prefix.parse("ESW.sequence_manager"), sm.prefix());
    assertEquals(ComponentType.Service, sm.componentType());
    assertEquals(Prefix.parse("ESW.machine1"), sm.primary());
    assertEquals(List.of("-o", "obsmode.conf"), sm.args());
    assertTrue(sm.managed(), "backups make it a managed component");
    FileComponent demo = file.components().get(1);
    assertFalse(demo.managed(), "a single agent is a plain spawn");
    assertEquals(List.of(), demo.args());
  }

  @Test
  void theSampleInTheDocsIsValid() throws Exception {
    ProvisionFile sample = ProvisionFile.parse(java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "provision-sample.conf")));
    assertEquals("observatory", sample.name());
    assertEquals(4, sample.components().size());
    assertTrue(sample.components().get(0).managed());
  }

  @Test
  void readsJsonAndRendersWhatItReadsBack() {
    ProvisionFile file = ProvisionFile.parse(
        "{\"name\":\"n1\",\"components\":[{\"prefix\":\"IRIS.c1\",\"kind\":\"sample\",\"type\":\"Assembly\",\"agents\":[\"IRIS.m1\",\"IRIS.m2\"],\"args\":[\"a b\"]}]}");
    assertEquals(file, ProvisionFile.parse(file.render()));
  }

  @Test
  void readsNothingOfTheServiceItself() {
    for (String include : List.of("include file(\"/etc/hostname\")", "include classpath(\"reference.conf\")", "include \"reference.conf\"",
        "include url(\"file:///etc/hostname\")", "include required(file(\"/etc/hostname\"))")) {
      InvalidProvisionFileException e = assertThrows(InvalidProvisionFileException.class, () -> ProvisionFile.parse(include + "\nname = p\ncomponents = []"));
      assertTrue(e.getMessage().contains("include is not allowed"), include + ": " + e.getMessage());
    }
    assertEquals("p", ProvisionFile.parse("name = p\nname = ${?PATH}\ncomponents = []").name(), "the environment is not read");
    InvalidProvisionFileException env = assertThrows(InvalidProvisionFileException.class, () -> ProvisionFile.parse("name = ${java.home}\ncomponents = []"));
    assertFalse(env.getMessage().contains(System.getProperty("java.home")), env.getMessage());
  }

  @Test
  void whatWasNotSeenStoppedStaysTheProvisions() {
    ProvisionFile before = ProvisionFile.parse("""
        name = p
        components = [
          { prefix = "ESW.a", kind = sample, type = Service, agents = ["ESW.m1"] }
          { prefix = "ESW.b", kind = sample, type = Service, agents = ["ESW.m1"] }
          { prefix = "ESW.c", kind = sample, type = Service, agents = ["ESW.m1"] }
        ]
        """);
    ProvisionFile now = ProvisionFile.parse("name = p\ncomponents = [ { prefix = \"ESW.a\", kind = other, type = Service, agents = [\"ESW.m2\"] } ]");
    ProvisionFile placed = now.placedAfter(java.util.Optional.of(before), java.util.Set.of(Prefix.parse("ESW.b")));
    assertEquals(List.of("ESW.a", "ESW.c"), placed.components().stream().map(c -> c.prefix().toString()).toList());
    assertEquals("other", placed.components().get(0).kind(), "the new file's entry wins");
    assertEquals(now, now.placedAfter(java.util.Optional.empty(), java.util.Set.of()));
  }

  @Test
  void namesEveryProblemAtOnce() {
    InvalidProvisionFileException e = assertThrows(InvalidProvisionFileException.class, () -> ProvisionFile.parse("""
        name = "bad name"
        components = [
          { prefix = "machine", kind = sample, type = Service, agents = ["ESW.m1"] }
          { prefix = "ESW.twice", kind = sample, type = Service, agents = ["ESW.m1"] }
          { prefix = "ESW.twice", kind = sample, type = Service, agents = [] }
          { prefix = "ESW.none", kind = sample, type = Service, agents = [] }
          { prefix = "ESW.dup", kind = sample, type = Service, agents = ["ESW.m1", "ESW.m2", "ESW.m1"] }
          { prefix = "ESW.kind", kind = "rm -rf", type = Widget, agents = ["ESW.m1"] }
          { prefix = "ESW.agent", kind = sample, type = Machine, agents = ["nowhere"], extra = 1 }
        ]
        """));
    String message = e.getMessage();
    List<String> expected = List.of(
        "name 'bad name'",
        "components[0].prefix: ",
        "more than once: ESW.twice",
        "(ESW.twice).agents is empty",
        "(ESW.none).agents is empty",
        "(ESW.dup).agents names ESW.m1 more than once",
        "(ESW.kind).kind 'rm -rf' is not a kind name",
        "(ESW.kind).type: ",
        "(ESW.agent).type: a Machine is an agent",
        "(ESW.agent).agents: ",
        "unknown field 'extra'");
    expected.forEach(part -> assertTrue(message.contains(part), "'" + part + "' in " + message));
    assertEquals(expected.size(), e.problems().size(), e.problems().toString());
  }

  @Test
  void missingFieldsAndBrokenSyntaxAreNamed() {
    InvalidProvisionFileException missing = assertThrows(InvalidProvisionFileException.class,
        () -> ProvisionFile.parse("components = [ { prefix = \"ESW.a\" } ]"));
    List.of("name is missing", "(ESW.a).kind is missing", "(ESW.a).type is missing", "(ESW.a).agents is missing")
        .forEach(part -> assertTrue(missing.getMessage().contains(part), part + " in " + missing.getMessage()));
    InvalidProvisionFileException syntax = assertThrows(InvalidProvisionFileException.class, () -> ProvisionFile.parse("name = [ {"));
    assertTrue(syntax.getMessage().contains("not HOCON or JSON"), syntax.getMessage());
    InvalidProvisionFileException noList = assertThrows(InvalidProvisionFileException.class, () -> ProvisionFile.parse("name = a\ncomponents = 3"));
    assertTrue(noList.getMessage().contains("components must be a list"), noList.getMessage());
  }
}
