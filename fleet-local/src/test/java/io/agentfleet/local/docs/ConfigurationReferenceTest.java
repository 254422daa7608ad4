package io.agentfleet.local.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.local.docs.ConfigurationKeys.ConfigFile;
import io.agentfleet.local.docs.ConfigurationKeys.Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationReferenceTest {

  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `(.*)` \\|");

  @Test
  void everyKeyOfEveryConfigFileIsDocumentedWithItsDefault() throws Exception {
    Path root = SourceTree.root();
    ConfigurationKeys keys = new ConfigurationKeys(root);
    Map<String, String> documented = documentedDefaults(Files.readString(root.resolve(ConfigurationReference.DOCUMENT)));
    List<String> problems = new ArrayList<>();
    for (ConfigFile file : keys.files()) {
      for (Key key : keys.keysOf(file)) {
        if (!key.leaf()) {
          continue;
        }
        String where = key.path() + " (" + file.module() + "/" + file.path().getFileName() + ")";
        if (!documented.containsKey(key.path())) {
          problems.add(where + " is missing");
        } else if (!documented.get(key.path()).equals(key.defaultValue())) {
          problems.add(where + " is documented with default " + documented.get(key.path()) + " but is " + key.defaultValue());
        }
      }
    }
    assertTrue(problems.isEmpty(), "docs/configuration.md is out of date (regenerate it: " + ConfigurationReference.REGENERATE
        + "):\n" + String.join("\n", problems));
  }

  @Test
  void theProductsOwnFilesAreAllRead() {
    List<String> files = new ConfigurationKeys(SourceTree.root()).files().stream()
        .map(file -> file.module() + "/" + file.path().getFileName()).toList();
    assertTrue(files.containsAll(List.of("location-service/reference.conf", "location-service/fleet-cluster.conf",
        "agent-client/reference.conf", "agent-akka-app/reference.conf", "agent-service-impl/reference.conf",
        "agent-service-app/reference.conf")), files.toString());
  }

  @Test
  void keysAreLeavesWithResolvedDefaultsAndCommentedBlocks(@TempDir Path root) throws Exception {
    Path resources = Files.createDirectories(root.resolve("mod/src/main/resources"));
    Files.writeString(resources.resolve("reference.conf"), String.join("\n",
        "# The block.",
        "mod {",
        "  # How long.",
        "  timeout = 5s",
        "  name = \"\"",
        "  dir = ${java.io.tmpdir}/x",
        "  # The base.",
        "  base { a = [\"-X\", \"y\"], env {} }",
        "  # Built on the base.",
        "  derived = ${mod.base} { a = [] }",
        "}",
        "akka.loglevel = ${other.level}",
        "akka.actor.serialization-bindings { \"a.b.C\" = jackson-json }"));
    Files.writeString(resources.resolve("other.conf"), "other.level = INFO\n");
    ConfigurationKeys keys = new ConfigurationKeys(root);
    ConfigFile reference = keys.files().get(0);
    assertEquals("reference.conf", reference.path().getFileName().toString());

    Map<String, Key> byPath = new HashMap<>();
    keys.keysOf(reference).forEach(key -> byPath.put(key.path(), key));

    assertEquals(new Key("mod", false, "", "The block."), byPath.get("mod"));
    assertEquals(new Key("mod.timeout", true, "5s", "How long."), byPath.get("mod.timeout"));
    assertEquals("\"\"", byPath.get("mod.name").defaultValue());
    assertEquals("${java.io.tmpdir}/x", byPath.get("mod.dir").defaultValue());
    assertEquals("[\"-X\",\"y\"]", byPath.get("mod.base.a").defaultValue());
    assertEquals("{}", byPath.get("mod.derived.env").defaultValue());
    assertEquals("[]", byPath.get("mod.derived.a").defaultValue());
    assertEquals("INFO", byPath.get("akka.loglevel").defaultValue());
    assertEquals("Built on the base.", byPath.get("mod.derived").description());
    assertEquals("jackson-json", byPath.get("akka.actor.serialization-bindings.\"a.b.C\"").defaultValue());
    assertEquals(false, byPath.containsKey("other.level"));
  }

  @Test
  void theReferenceHasOneRowPerKeyThatTheCheckReads(@TempDir Path root) throws Exception {
    Path resources = Files.createDirectories(root.resolve("mod/src/main/resources"));
    Files.writeString(resources.resolve("reference.conf"), "mod {\n  # A | <b>.\n  timeout = 5s\n}\n");
    String document = new ConfigurationReference(new ConfigurationKeys(root)).render();
    assertTrue(document.contains("\n## mod: `reference.conf`\n"), document);
    assertTrue(document.contains("| `mod.timeout` | `5s` | A \\| &lt;b&gt;. |"), document);
    assertEquals(Map.of("mod.timeout", "5s"), documentedDefaults(document));
  }

  private static Map<String, String> documentedDefaults(String document) {
    Map<String, String> defaults = new HashMap<>();
    for (String line : document.split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        defaults.put(row.group(1), row.group(2));
      }
    }
    return defaults;
  }
}
