package io.agentfleet.local.docs;

import io.agentfleet.local.docs.ConfigurationKeys.ConfigFile;
import io.agentfleet.local.docs.ConfigurationKeys.Key;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes docs/configuration.md from the modules' config files. Run from the repository root after
 * a build: {@code java -cp fleet-local/target/fleet-local.jar io.agentfleet.local.docs.ConfigurationReference}.
 */
public final class ConfigurationReference {

  static final String DOCUMENT = "docs/configuration.md";
  static final String REGENERATE =
      "mvn -q -B install -DskipTests -pl fleet-local -am && java -cp fleet-local/target/fleet-local.jar "
          + ConfigurationReference.class.getName();

  private final ConfigurationKeys keys;

  public ConfigurationReference(ConfigurationKeys keys) {
    this.keys = keys;
  }

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path document = root.resolve(DOCUMENT);
    Files.writeString(document, new ConfigurationReference(new ConfigurationKeys(root)).render());
    System.out.println("wrote " + document);
  }

  /** The whole document. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n")
        .append("Every setting of the product's own config files, with its default and what it does (the comment\n")
        .append("above it in the file). A member takes each setting from the first of: its command-line flags\n")
        .append("(`--help` of each jar), `-Dkey=value` system properties, the file given with `--config FILE`,\n")
        .append("`fleet-cluster.conf` (the Akka settings of every fleet member), the modules' `reference.conf`.\n")
        .append("Durations take HOCON units (`500ms`, `10s`, `5m`), sizes `KiB`/`MiB`/`MB`. A row without a default\n")
        .append("is a block: its comment holds for the settings under it.\n\n")
        .append("This file is generated from the config files; `ConfigurationReferenceTest` fails when a key is\n")
        .append("missing here or its default differs. After changing a config file, regenerate it from the\n")
        .append("repository root:\n\n")
        .append("```sh\n").append(REGENERATE).append("\n```\n");
    for (ConfigFile file : keys.files()) {
      out.append("\n## ").append(file.module()).append(": `").append(file.path().getFileName()).append("`\n\n")
          .append("| key | default | what it does |\n")
          .append("|---|---|---|\n");
      for (Key key : keys.keysOf(file)) {
        out.append("| `").append(key.path()).append("` | ")
            .append(key.leaf() ? "`" + key.defaultValue() + "`" : "")
            .append(" | ").append(cell(key.description())).append(" |\n");
      }
    }
    return out.toString();
  }

  /**
   * A comment as one table cell: lines joined, except lines indented past the comment's own margin
   * (a list of fields, say), which start a new line.
   */
  private static String cell(String comment) {
    StringBuilder cell = new StringBuilder();
    for (String line : comment.split("\n")) {
      String text = line.strip().replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
      if (text.isEmpty()) {
        continue;
      }
      if (cell.length() > 0) {
        cell.append(line.startsWith("   ") ? "<br>" : " ");
      }
      cell.append(text);
    }
    return cell.toString();
  }
}
