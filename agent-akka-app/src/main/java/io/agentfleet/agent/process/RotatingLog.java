package io.agentfleet.agent.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A component's log: its output copied line by line into {@code <name>.log}, rotated by size into
 * {@code <name>.log.1 … .N} (oldest dropped), and kept after the process exits. The last lines are
 * also kept in memory for failure reports. One instance per process, written by one pump thread; a
 * later run of the same component appends to the same files.
 */
public final class RotatingLog {
  private static final int TAIL_LINES = 50;

  private final Path file;
  private final long maxBytes;
  private final int maxFiles;
  private final Deque<String> tail = new ArrayDeque<>();
  private OutputStream out;
  private long written;

  public RotatingLog(Path file, long maxBytes, int maxFiles) throws IOException {
    this.file = file;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
    Files.createDirectories(file.toAbsolutePath().getParent());
    this.out = open();
    // A relaunch writes to the file of the run that failed: it appends, so that run's last lines stay.
    this.written = Files.size(file);
  }

  public Path file() {
    return file;
  }

  /** Copies {@code in} until it ends (the process closed its output), then closes the file. */
  void pump(InputStream in) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        append(line);
      }
    } catch (IOException e) {
      appendQuietly("[agent] log pump stopped: " + e.getMessage());
    } finally {
      close();
    }
  }

  synchronized void append(String line) throws IOException {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    if (written > 0 && written + bytes.length > maxBytes) {
      rotate();
    }
    out.write(bytes);
    out.flush();
    written += bytes.length;
    tail.addLast(line);
    if (tail.size() > TAIL_LINES) {
      tail.removeFirst();
    }
  }

  /** The last {@code n} lines written (at most 50 are kept). */
  public synchronized List<String> tail(int n) {
    List<String> all = List.copyOf(tail);
    return all.subList(Math.max(0, all.size() - n), all.size());
  }

  private void rotate() throws IOException {
    out.close();
    Files.deleteIfExists(numbered(maxFiles - 1));
    for (int i = maxFiles - 2; i >= 1; i--) {
      if (Files.exists(numbered(i))) {
        Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (maxFiles > 1) {
      Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.deleteIfExists(file); // one file only: it starts over (open() appends)
    }
    out = open();
    written = 0;
  }

  private Path numbered(int i) {
    return file.resolveSibling(file.getFileName() + "." + i);
  }

  private OutputStream open() throws IOException {
    return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }

  private void appendQuietly(String line) {
    try {
      append(line);
    } catch (IOException ignored) {
      // the file is gone too; the in-memory tail still has the earlier lines
    }
  }

  private synchronized void close() {
    try {
      out.close();
    } catch (IOException ignored) {
      // nothing more to write
    }
  }
}
