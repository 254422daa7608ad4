package io.agentfleet.local.docs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every setting the product's own config files define, read from a source tree: key, default, comment. */
public final class ConfigurationKeys {

  /** One config file of one module, e.g. location-service's fleet-cluster.conf. */
  public record ConfigFile(String module, Path path) {}

  /**
   * One setting, or a commented block of settings. {@code defaultValue} is empty for a block;
   * {@code description} is the comment above it in the file, its lines joined.
   */
  public record Key(String path, boolean leaf, String defaultValue, String description) {}

  // What a default that names a system property shows instead of this machine's value.
  private static final Config SYSTEM_PROPERTY_PLACEHOLDERS =
      ConfigFactory.parseString("java.io.tmpdir = \"${java.io.tmpdir}\"");

  private final Path repositoryRoot;

  public ConfigurationKeys(Path repositoryRoot) {
    this.repositoryRoot = repositoryRoot;
  }

  /** The .conf files under every module's src/main/resources, by module and file name. */
  public List<ConfigFile> files() {
    try (Stream<Path> modules = Files.list(repositoryRoot)) {
      List<ConfigFile> files = new ArrayList<>();
      for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
        Path resources = module.resolve("src/main/resources");
        if (!Files.isDirectory(resources)) {
          continue;
        }
        try (Stream<Path> inResources = Files.list(resources)) {
          inResources.filter(path -> path.getFileName().toString().endsWith(".conf"))
              .sorted(Comparator.comparing((Path path) -> !path.getFileName().toString().equals("reference.conf"))
                  .thenComparing(Path::getFileName))
              .forEach(path -> files.add(new ConfigFile(module.getFileName().toString(), path)));
        }
      }
      return List.copyOf(files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The keys {@code file} defines, leaves and commented blocks, in path order. Substitutions are
   * resolved against all the product's files, as they are merged at run time.
   */
  public List<Key> keysOf(ConfigFile file) {
    Config all = SYSTEM_PROPERTY_PLACEHOLDERS;
    for (ConfigFile each : files()) {
      all = parse(each).withFallback(all);
    }
    Config parsed = parse(file);
    Config resolved = parsed.resolveWith(all.resolve());
    List<Key> keys = new ArrayList<>();
    collect(resolved.root(), parsed.root(), List.of(), keys);
    keys.sort(Comparator.comparing(key -> List.of(key.path().split("\\.")), ConfigurationKeys::compareSegments));
    return List.copyOf(keys);
  }

  private static Config parse(ConfigFile file) {
    return ConfigFactory.parseFile(file.path().toFile(),
        ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
  }

  /**
   * Walks the resolved tree for keys and defaults, and the file as written for comments: a block
   * built by substitution (`kind = ${base} { … }`) would otherwise show the comment of its base.
   */
  private static void collect(ConfigObject object, ConfigObject asWritten, List<String> at, List<Key> keys) {
    for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
      List<String> path = new ArrayList<>(at);
      path.add(entry.getKey());
      String joined = ConfigUtil.joinPath(path);
      ConfigValue value = entry.getValue();
      ConfigValue written = asWritten == null ? null : asWritten.get(entry.getKey());
      String description = written == null ? "" : String.join("\n", written.origin().comments()).strip();
      if (value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty()) {
        if (!description.isEmpty()) {
          keys.add(new Key(joined, false, "", description));
        }
        collect((ConfigObject) value, written instanceof ConfigObject block ? block : null, path, keys);
      } else {
        keys.add(new Key(joined, true, defaultOf(value), description));
      }
    }
  }

  /** How a default is written in the reference: a string as it is, anything else as concise HOCON/JSON. */
  static String defaultOf(ConfigValue value) {
    if (value.valueType() == ConfigValueType.STRING) {
      String text = (String) value.unwrapped();
      return text.isEmpty() ? "\"\"" : text;
    }
    return value.render(ConfigRenderOptions.concise());
  }

  private static int compareSegments(List<String> left, List<String> right) {
    for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
      int byName = left.get(i).compareTo(right.get(i));
      if (byName != 0) {
        return byName;
      }
    }
    return Integer.compare(left.size(), right.size());
  }
}
