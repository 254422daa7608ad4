package io.agentfleet.agentservice.provisionfile;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A provision file that passed every check: a named provision and the components it places, each of a
 * configured kind on its agents. Read from HOCON (which JSON is too); {@link #parse} names every problem
 * of a file at once, so nothing starts from a file that is partly wrong.
 *
 * <pre>
 * name = "observatory"
 * components = [
 *   { prefix = "ESW.sequence_manager", kind = "sequence-manager", type = "Service",
 *     agents = ["ESW.machine1", "ESW.machine2"], args = ["-o", "obsmode.conf"] }
 * ]
 * </pre>
 */
public record ProvisionFile(String name, List<FileComponent> components) {
  // A provision's name keys its replicated record and shows up in URLs and the audit log.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  // The agents' config keys of component kinds (agent.components.<kind>).
  private static final Pattern KIND = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Set<String> FIELDS = Set.of("prefix", "kind", "type", "agents", "args");

  public ProvisionFile {
    components = List.copyOf(components);
  }

  /** The file in {@code text}, or an {@link InvalidProvisionFileException} naming all its problems. */
  public static ProvisionFile parse(String text) {
    Config config;
    try {
      // The text comes from a caller over HTTP: it must not read the service's files, class path or URLs
      // (include) nor its environment and system properties (${?X}), which an error or a plan would echo.
      config = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setIncluder(NoIncludes.INSTANCE))
          .resolve(ConfigResolveOptions.noSystem());
    } catch (ConfigException e) {
      throw new InvalidProvisionFileException(List.of("not HOCON or JSON: " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    for (String key : config.root().keySet()) {
      if (!key.equals("name") && !key.equals("components")) {
        problems.add("unknown field '" + key + "' (a file has name and components)");
      }
    }
    String name = text(config, "name", "name", problems);
    if (name != null && !NAME.matcher(name).matches()) {
      problems.add("name '" + name + "' must be letters, digits, '_', '.' or '-' (at most 64)");
    }
    List<FileComponent> components = new ArrayList<>();
    // Every prefix that parsed, also of entries with other problems: a name listed twice is named too.
    List<Prefix> prefixes = new ArrayList<>();
    if (!config.hasPath("components")) {
      problems.add("components is missing (a list, empty to stop all the provision placed)");
    } else if (config.getValue("components").valueType() != ConfigValueType.LIST) {
      problems.add("components must be a list");
    } else {
      List<? extends ConfigValue> entries = config.getList("components");
      for (int i = 0; i < entries.size(); i++) {
        String where = "components[" + i + "]";
        if (!(entries.get(i) instanceof ConfigObject object)) {
          problems.add(where + " must be an object");
          continue;
        }
        component(object.toConfig(), where, problems, prefixes).ifPresent(components::add);
      }
    }
    Set<Prefix> seen = new HashSet<>();
    Set<String> twice = new LinkedHashSet<>();
    for (Prefix prefix : prefixes) {
      if (!seen.add(prefix)) {
        twice.add(prefix.toString());
      }
    }
    if (!twice.isEmpty()) {
      problems.add("a component may be listed once only; more than once: " + String.join(", ", twice));
    }
    if (!problems.isEmpty()) {
      throw new InvalidProvisionFileException(problems);
    }
    return new ProvisionFile(name, components);
  }

  private static java.util.Optional<FileComponent> component(Config entry, String where, List<String> problems, List<Prefix> prefixes) {
    int before = problems.size();
    for (String key : entry.root().keySet()) {
      if (!FIELDS.contains(key)) {
        problems.add(where + ": unknown field '" + key + "' (known: prefix, kind, type, agents, args)");
      }
    }
    String prefixText = text(entry, "prefix", where + ".prefix", problems);
    Prefix prefix = null;
    if (prefixText != null) {
      try {
        prefix = Prefix.parse(prefixText);
        prefixes.add(prefix);
        where = where + " (" + prefix + ")";
      } catch (IllegalArgumentException e) {
        problems.add(where + ".prefix: " + e.getMessage());
      }
    }
    String kind = text(entry, "kind", where + ".kind", problems);
    if (kind != null && !KIND.matcher(kind).matches()) {
      problems.add(where + ".kind '" + kind + "' is not a kind name (letters, digits, '_' or '-')");
    }
    String typeText = text(entry, "type", where + ".type", problems);
    ComponentType type = null;
    if (typeText != null) {
      try {
        type = ComponentType.parse(typeText);
        if (type == ComponentType.Machine) {
          problems.add(where + ".type: a Machine is an agent, which a provision cannot start");
        }
      } catch (IllegalArgumentException e) {
        problems.add(where + ".type: " + e.getMessage());
      }
    }
    List<String> agentTexts = texts(entry, "agents", where + ".agents", problems);
    List<Prefix> agents = new ArrayList<>();
    Set<Prefix> repeated = new LinkedHashSet<>();
    if (agentTexts != null && agentTexts.isEmpty()) {
      problems.add(where + ".agents is empty: name the agent it runs on, then any backups");
    }
    for (String agentText : agentTexts == null ? List.<String>of() : agentTexts) {
      try {
        Prefix agent = Prefix.parse(agentText);
        if (agents.contains(agent)) {
          repeated.add(agent);
        }
        agents.add(agent);
      } catch (IllegalArgumentException e) {
        problems.add(where + ".agents: " + e.getMessage());
      }
    }
    if (!repeated.isEmpty()) {
      problems.add(where + ".agents names " + String.join(", ", repeated.stream().map(Prefix::toString).toList()) + " more than once");
    }
    List<String> args = entry.hasPath("args") ? texts(entry, "args", where + ".args", problems) : List.of();
    if (problems.size() > before) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new FileComponent(prefix, kind, type, agents, args));
  }

  private static String text(Config config, String key, String where, List<String> problems) {
    if (!config.hasPath(key)) {
      problems.add(where + " is missing");
      return null;
    }
    if (config.getValue(key).valueType() != ConfigValueType.STRING) {
      problems.add(where + " must be a string");
      return null;
    }
    return config.getString(key);
  }

  private static List<String> texts(Config config, String key, String where, List<String> problems) {
    if (!config.hasPath(key)) {
      problems.add(where + " is missing");
      return null;
    }
    try {
      return config.getStringList(key);
    } catch (ConfigException.WrongType e) {
      problems.add(where + " must be a list of strings");
      return null;
    }
  }

  /** This file as JSON that {@link #parse} reads back into an equal file. */
  public String render() {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (FileComponent c : components) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("prefix", c.prefix().toString());
      entry.put("kind", c.kind());
      entry.put("type", c.componentType().name());
      entry.put("agents", c.agents().stream().map(Prefix::toString).toList());
      entry.put("args", c.args());
      entries.add(entry);
    }
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("name", name);
    file.put("components", entries);
    return ConfigValueFactory.fromMap(file).render(ConfigRenderOptions.concise());
  }

  /**
   * What the provision has placed once this file is applied over {@code previous}: this file's
   * components, and those of {@code previous} that the apply did not see stopped. One that was not
   * present (an agent that did not answer lists nothing) or whose stop failed stays the provision's,
   * so a later apply still stops it when it shows up.
   */
  public ProvisionFile placedAfter(Optional<ProvisionFile> previous, Set<Prefix> stopped) {
    return with(previous.map(ProvisionFile::components).orElse(List.of()).stream().filter(c -> !stopped.contains(c.prefix())).toList());
  }

  /** The same provision with {@code more} components too (those of this file win on a repeated prefix). */
  private ProvisionFile with(List<FileComponent> more) {
    Map<Prefix, FileComponent> all = new LinkedHashMap<>();
    components.forEach(c -> all.put(c.prefix(), c));
    more.forEach(c -> all.putIfAbsent(c.prefix(), c));
    return new ProvisionFile(name, List.copyOf(all.values()));
  }
}
