package io.agentfleet.agent.fencing;

import io.agentfleet.watchdog.LeaseCheck;
import io.agentfleet.watchdog.LeaseWatchdog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The watchdog jar that every component JVM loads with {@code -javaagent}. The agent writes it itself
 * from the watchdog's classes on its own class path, so an agent is still one executable jar and the
 * watchdog always matches the agent that renews its leases. The component gets only these JDK-only
 * classes, nothing of the agent's class path.
 */
public final class WatchdogJar {
  private static final List<Class<?>> CLASSES = List.of(LeaseWatchdog.class, LeaseCheck.class, LeaseCheck.Outcome.class);

  private WatchdogJar() {}

  /** Writes the jar into {@code directory} (replacing an older one) and returns its path. Blocking I/O. */
  public static Path writeTo(Path directory) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), LeaseWatchdog.class.getName());
    try {
      Files.createDirectories(directory);
      Path jar = directory.resolve("component-watchdog.jar");
      Path next = directory.resolve("component-watchdog.jar.next");
      try (OutputStream file = Files.newOutputStream(next); JarOutputStream out = new JarOutputStream(file, manifest)) {
        for (Class<?> type : CLASSES) {
          String entry = type.getName().replace('.', '/') + ".class";
          try (InputStream bytes = type.getClassLoader().getResourceAsStream(entry)) {
            if (bytes == null) {
              throw new IOException("class " + entry + " is not on the agent's class path");
            }
            out.putNextEntry(new JarEntry(entry));
            bytes.transferTo(out);
            out.closeEntry();
          }
        }
      }
      // Moved into place, so a component starting meanwhile never loads a half-written jar.
      Files.move(next, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the component watchdog into " + directory, e);
    }
  }

  /** The JVM option that loads the watchdog with a lease of {@code leaseMillis} read from {@code leaseFile}. */
  public static String javaagentOption(Path jar, long leaseMillis, Path leaseFile) {
    return "-javaagent:" + jar.toAbsolutePath() + "=" + leaseMillis + ":" + leaseFile.toAbsolutePath();
  }
}
