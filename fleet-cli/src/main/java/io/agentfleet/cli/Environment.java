package io.agentfleet.cli;

import java.util.Map;
import java.util.Optional;

/** The environment variables the CLI reads, passed in so that commands can be tested without a real environment. */
public record Environment(Map<String, String> variables) {
  public Environment {
    variables = Map.copyOf(variables);
  }

  public static Environment ofSystem() {
    return new Environment(System.getenv());
  }

  /** A non-blank variable. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
  }
}
