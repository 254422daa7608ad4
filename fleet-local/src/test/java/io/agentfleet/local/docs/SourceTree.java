package io.agentfleet.local.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository this test runs in: Maven runs a module's tests in the module's directory. */
final class SourceTree {
  private SourceTree() {}

  static Path root() {
    Path at = Path.of("").toAbsolutePath();
    while (at != null) {
      if (Files.isDirectory(at.resolve("docs")) && Files.isDirectory(at.resolve("fleet-local"))) {
        return at;
      }
      at = at.getParent();
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }
}
