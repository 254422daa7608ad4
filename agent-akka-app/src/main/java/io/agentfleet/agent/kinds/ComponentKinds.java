package io.agentfleet.agent.kinds;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.InvalidNameException;
import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The component kinds an agent may launch, read once from {@code agent.components}. */
public final class ComponentKinds {
  private final Map<String, ComponentKind> kinds;

  public ComponentKinds(Map<String, ComponentKind> kinds) {
    this.kinds = Map.copyOf(kinds);
  }

  public Optional<ComponentKind> find(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  /** The longest kill grace of any kind: how long stopping any component may take. */
  public java.time.Duration longestKillGrace() {
    return kinds.values().stream().map(ComponentKind::killGrace).max(java.util.Comparator.naturalOrder()).orElse(java.time.Duration.ZERO);
  }

  /** Kind names, sorted, for messages. */
  public List<String> names() {
    return List.copyOf(new TreeMap<>(kinds).keySet());
  }

  /**
   * Reads every kind below {@code agent.components}. An empty {@code classpath} means the agent's own
   * class path, so the components shipped with the agent run without configuration.
   *
   * @throws ConfigException.BadValue naming the key when a kind is invalid
   */
  public static ComponentKinds fromConfig(Config root) {
    Config components = root.getConfig("agent.components");
    Map<String, ComponentKind> kinds = new HashMap<>();
    for (String name : components.root().keySet()) {
      if (components.root().get(name).valueType() != ConfigValueType.OBJECT) {
        throw new ConfigException.BadValue("agent.components." + name, "must be an object describing a component kind");
      }
      kinds.put(name, kind(name, components.getConfig(quoted(name)), root.getConfig("agent.restart-defaults")));
    }
    return new ComponentKinds(kinds);
  }

  private static ComponentKind kind(String name, Config c, Config restartDefaults) {
    String path = "agent.components." + name;
    String mainClass = c.getString("main-class");
    if (mainClass.isBlank()) {
      throw new ConfigException.BadValue(path + ".main-class", "is empty");
    }
    List<String> classpath = c.getStringList("classpath");
    if (classpath.isEmpty()) {
      classpath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    }
    List<String> args = c.getStringList("args");
    args.forEach(arg -> LaunchCommand.checkPlaceholders(arg, path + ".args"));
    Map<String, String> env = new HashMap<>();
    Config envConfig = c.getConfig("env");
    envConfig.root().keySet().forEach(key -> env.put(key, envConfig.getString(quoted(key))));
    return new ComponentKind(
        name,
        mainClass,
        classpath,
        c.getStringList("jvm-options"),
        args,
        env,
        parse(path + ".component-type", () -> ComponentType.parse(c.getString("component-type"))),
        parse(path + ".connection-type", () -> ConnectionType.parse(c.getString("connection-type"))),
        positive(c, "registration-timeout", path),
        positive(c, "kill-grace", path),
        restart(c.hasPath("restart") ? c.getConfig("restart").withFallback(restartDefaults) : restartDefaults, path + ".restart"),
        defaultVersion(c, args, path));
  }

  private static Optional<String> defaultVersion(Config c, List<String> args, String path) {
    boolean takesVersion = LaunchCommand.uses(args, "version");
    boolean hasDefault = c.hasPath("default-version") && !c.getString("default-version").isBlank();
    if (takesVersion && !hasDefault) {
      throw new ConfigException.BadValue(path + ".default-version", "is needed: the args use ${version}");
    }
    if (!takesVersion && hasDefault) {
      throw new ConfigException.BadValue(path + ".default-version", "is set, but the args do not use ${version}");
    }
    return takesVersion ? Optional.of(c.getString("default-version")) : Optional.empty();
  }

  private static RestartPolicy restart(Config c, String path) {
    String mode = c.getString("policy");
    RestartPolicy.Mode parsed = java.util.Arrays.stream(RestartPolicy.Mode.values())
        .filter(m -> m.configName().equals(mode))
        .findFirst()
        .orElseThrow(() -> new ConfigException.BadValue(path + ".policy", "must be never or on-failure, was '" + mode + "'"));
    try {
      return new RestartPolicy(parsed, c.getInt("max-restarts"), positive(c, "backoff", path), positive(c, "max-backoff", path),
          positive(c, "stable-after", path));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(path, e.getMessage());
    }
  }

  private static Duration positive(Config c, String key, String path) {
    Duration value = c.getDuration(key);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException.BadValue(path + "." + key, "must be positive, was " + value);
    }
    return value;
  }

  private static <T> T parse(String path, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidNameException e) {
      throw new ConfigException.BadValue(path, e.getMessage());
    }
  }

  private static String quoted(String key) {
    return "\"" + key + "\"";
  }
}
