package io.agentfleet.agent.kinds;

import com.typesafe.config.ConfigException;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of one launch: {@code java <jvm-options> -cp <classpath> <main-class> <args>}.
 * Placeholders in the kind's args: {@code ${prefix}}, {@code ${subsystem}}, {@code ${componentName}},
 * {@code ${componentType}}, {@code ${epoch}}, {@code ${agentPrefix}}, {@code ${version}} (the requested
 * version, else the kind's {@code default-version}); an argument that is exactly
 * {@code ${args}} expands to the request's arguments, each one argv element. Nothing goes through a
 * shell, so a request argument is only ever an argument. The first JVM option marks the process as
 * spawned by its agent ({@link #spawnedByMarker}), so an agent that comes back after a crash can find
 * what its previous run left behind.
 */
public final class LaunchCommand {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");
  private static final List<String> KNOWN = List.of("prefix", "subsystem", "componentName", "componentType", "epoch", "agentPrefix", "version", "args");

  private LaunchCommand() {}

  /** Whether {@code args} (a kind's argument template) use the placeholder {@code name}. */
  static boolean uses(List<String> args, String name) {
    return args.stream().anyMatch(arg -> arg.contains("${" + name + "}"));
  }

  static void checkPlaceholders(String arg, String path) {
    Matcher m = PLACEHOLDER.matcher(arg);
    while (m.find()) {
      if (!KNOWN.contains(m.group(1))) {
        throw new ConfigException.BadValue(path, "unknown placeholder ${" + m.group(1) + "} (known: " + String.join(", ", KNOWN) + ")");
      }
      if (m.group(1).equals("args") && !arg.equals("${args}")) {
        throw new ConfigException.BadValue(path, "${args} must be an argument of its own");
      }
    }
  }

  /** The argv for {@code kind} with {@code values} for the placeholders and the request's {@code args}. */
  public static List<String> build(Path java, ComponentKind kind, Map<String, String> values, List<String> requestArgs) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    if (values.containsKey("agentPrefix")) {
      command.add(spawnedByMarker(values.get("agentPrefix")));
    }
    command.addAll(kind.jvmOptions());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, kind.classpath()));
    command.add(kind.mainClass());
    for (String arg : kind.args()) {
      if (arg.equals("${args}")) {
        command.addAll(requestArgs);
      } else {
        command.add(substitute(arg, values));
      }
    }
    return command;
  }

  /** The JVM option that marks a component as spawned by the agent {@code agentPrefix}. */
  public static String spawnedByMarker(String agentPrefix) {
    return "-Dagent-fleet.spawned-by=" + agentPrefix;
  }

  private static String substitute(String arg, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(arg);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
    }
    m.appendTail(out);
    return out.toString();
  }
}
