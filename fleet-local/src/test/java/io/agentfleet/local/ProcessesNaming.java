package io.agentfleet.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The live processes whose command line or environment names a string, read from /proc. */
final class ProcessesNaming {
  private ProcessesNaming() {}

  /** Each as {@code pid: command line}; this JVM itself is left out. */
  static List<String> find(String marker) {
    List<String> found = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path proc : procs) {
        if (Long.parseLong(proc.getFileName().toString()) == self) {
          continue;
        }
        String cmdline = read(proc.resolve("cmdline"));
        if (cmdline.contains(marker) || read(proc.resolve("environ")).contains(marker)) {
          found.add(proc.getFileName() + ": " + cmdline.replace('\0', ' '));
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot list /proc", e);
    }
    return found;
  }

  /** SIGKILL for each process {@link #find} finds: the safety net after a failed test. */
  static void killAll(String marker) {
    for (String line : find(marker)) {
      ProcessHandle.of(Long.parseLong(line.substring(0, line.indexOf(':')))).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Gone meanwhile, or not ours to read.
      return "";
    }
  }
}
