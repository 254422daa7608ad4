package io.agentfleet.agentservice.provisionfile;

import java.util.List;

/** A provision file with problems, every one of them named, so they are all fixed at once. */
public final class InvalidProvisionFileException extends IllegalArgumentException {
  private final List<String> problems;

  public InvalidProvisionFileException(List<String> problems) {
    super("invalid provision file: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
