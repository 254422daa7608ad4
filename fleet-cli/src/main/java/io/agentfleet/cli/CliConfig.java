package io.agentfleet.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a setting comes from, first match wins: the command-line flag, the environment variable, the
 * config file {@code ~/.config/agent-fleet/config.properties}, the built-in default.
 */
public final class CliConfig {
  private final Environment env;
  private final Properties file;

  CliConfig(Environment env, Properties file) {
    this.env = env;
    this.file = file;
  }

  /** The environment and the config file in {@code dir}; a missing file is an empty one. */
  public static CliConfig load(Environment env, Path dir) {
    Properties properties = new Properties();
    Path file = dir.resolve("config.properties");
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        properties.load(in);
      } catch (IOException e) {
        throw new CliFailure(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
      }
    }
    return new CliConfig(env, properties);
  }

  public Environment env() {
    return env;
  }

  /** The setting from {@code flag}, else {@code variable}, else {@code key} in the file, else {@code fallback}. */
  public String resolve(String flag, String variable, String key, String fallback) {
    return optional(flag, variable, key).orElse(fallback);
  }

  /** Like {@link #resolve} without a default. */
  public Optional<String> optional(String flag, String variable, String key) {
    return Optional.ofNullable(flag).filter(f -> !f.isBlank())
        .or(() -> env.get(variable))
        .or(() -> Optional.ofNullable(file.getProperty(key)).map(String::strip).filter(v -> !v.isEmpty()));
  }
}
