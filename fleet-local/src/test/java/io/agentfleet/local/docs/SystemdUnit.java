package io.agentfleet.local.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A systemd unit file as the checks need it: its settings (continued lines joined) and ExecStart's words. */
record SystemdUnit(Path file, Map<String, String> settings) {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

  static SystemdUnit read(Path file) throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    StringBuilder logical = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      if (logical.length() == 0 && (line.isBlank() || line.startsWith("#") || line.startsWith("["))) {
        continue;
      }
      if (line.endsWith("\\")) {
        logical.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      logical.append(line);
      String setting = logical.toString();
      logical.setLength(0);
      int equals = setting.indexOf('=');
      settings.put(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
    }
    return new SystemdUnit(file, Map.copyOf(settings));
  }

  Optional<String> setting(String name) {
    return Optional.ofNullable(settings.get(name));
  }

  List<String> execStart() {
    return List.of(setting("ExecStart").orElseThrow().split("\\s+"));
  }

  /** The jar ExecStart runs, by file name. */
  String jar() {
    List<String> words = execStart();
    return Path.of(words.get(words.indexOf("-jar") + 1)).getFileName().toString();
  }

  /** The options given to the jar: every --word after it. */
  List<String> jarOptions() {
    List<String> words = execStart();
    return words.subList(words.indexOf("-jar") + 2, words.size()).stream().filter(word -> word.startsWith("--")).toList();
  }

  /** The value after {@code option} on ExecStart's command line. */
  Optional<String> option(String option) {
    List<String> words = execStart();
    int at = words.indexOf(option);
    return at < 0 || at + 1 >= words.size() ? Optional.empty() : Optional.of(words.get(at + 1));
  }

  /** The environment variables ExecStart expands. */
  List<String> variables() {
    List<String> names = new ArrayList<>();
    Matcher variable = VARIABLE.matcher(setting("ExecStart").orElseThrow());
    while (variable.find()) {
      names.add(variable.group(1));
    }
    return names;
  }

  static Map<String, String> environmentFile(Path file) throws IOException {
    Map<String, String> environment = new LinkedHashMap<>();
    Files.readAllLines(file).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> Arrays.asList(line.split("=", 2)))
        .forEach(pair -> environment.put(pair.get(0).strip(), pair.get(1).strip()));
    return environment;
  }
}
