package io.agentfleet.location.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The live processes of a component name, found the way an operator would: an agent puts
 * {@code AGENT_COMPONENT_PREFIX=<prefix>} into the environment of every component it starts, and
 * {@code /proc/<pid>/environ} shows it for as long as the process lives (a zombie's is empty).
 */
public final class ComponentInstances {
  private static final Path PROC = Path.of("/proc");
  private static final String MARKER = "AGENT_COMPONENT_PREFIX=";

  private ComponentInstances() {}

  /** PIDs of the live processes started for {@code prefix}, e.g. {@code ESW.ryw_1}. */
  public static List<Long> of(String prefix) {
    return where(prefix::equals);
  }

  /** PIDs of the live processes whose component prefix starts with {@code start} (e.g. {@code ESW.ryw_}). */
  public static List<Long> startingWith(String start) {
    return where(prefix -> prefix.startsWith(start));
  }

  /**
   * Whether {@code pid} is a live process: a zombie (exited, not yet reaped, e.g. because its parent
   * agent is frozen) is not, although Java's {@code ProcessHandle.isAlive} says it is.
   */
  public static boolean isLive(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      // pid (comm) state ...: the state follows the last ')' (comm may contain anything).
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException gone) {
      return false;
    }
  }

  private static List<Long> where(Predicate<String> prefix) {
    try (Stream<Path> entries = Files.list(PROC)) {
      return entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> componentPrefix(p.resolve("environ")).filter(prefix).isPresent())
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + PROC + ": " + e.getMessage(), e);
    }
  }

  private static Optional<String> componentPrefix(Path environ) {
    byte[] env;
    try {
      env = Files.readAllBytes(environ);
    } catch (IOException | SecurityException gone) {
      return Optional.empty(); // exited meanwhile, or not ours to read
    }
    for (String entry : new String(env, StandardCharsets.UTF_8).split("\0")) {
      if (entry.startsWith(MARKER)) {
        return Optional.of(entry.substring(MARKER.length()));
      }
    }
    return Optional.empty();
  }
}
