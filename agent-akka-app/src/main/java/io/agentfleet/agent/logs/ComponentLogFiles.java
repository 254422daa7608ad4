package io.agentfleet.agent.logs;

import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.LogChunk;
import io.agentfleet.agent.client.AgentProtocol.LogResponse;
import io.agentfleet.agent.client.AgentProtocol.NoLog;
import io.agentfleet.location.model.ComponentId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The components' log files in an agent's log directory, one per component id
 * ({@code <prefix>-<type>.log}), read in bounded pieces of whole lines. Blocking file I/O: call it
 * from a dispatcher meant for that, never from an actor.
 */
public final class ComponentLogFiles {
  /** The most lines a tail may ask for. */
  public static final int MAX_TAIL_LINES = 10_000;

  private final Path directory;
  private final int maxBytes;

  /** @param maxBytes the most bytes of log one answer carries */
  public ComponentLogFiles(Path directory, int maxBytes) {
    this.directory = directory.toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
  }

  /** The log file of {@code component} in {@code directory}: where the agent writes its output. */
  public static Path fileOf(Path directory, ComponentId component) {
    return directory.resolve(component.prefix() + "-" + component.componentType().name() + ".log");
  }

  /** The last {@code lines} whole lines of the component's current log file, at most maxBytes of them. */
  public LogResponse tail(ComponentId component, int lines) {
    if (lines < 1 || lines > MAX_TAIL_LINES) {
      return Failed.of(FailureReason.InvalidRequest, "lines must be 1 to " + MAX_TAIL_LINES + ", not " + lines);
    }
    return read(component, (channel, size) -> {
      long start = Math.max(0, size - maxBytes);
      byte[] window = readAt(channel, start, (int) (size - start));
      int end = lastLineEnd(window, window.length == maxBytes);
      int begin = tailStart(window, end, lines, start > 0);
      return chunk(component, window, start, begin, end, size);
    });
  }

  /** The whole lines after byte {@code offset}; a file smaller than the offset was rotated and is read from its start. */
  public LogResponse from(ComponentId component, long offset) {
    if (offset < 0) {
      return Failed.of(FailureReason.InvalidRequest, "offset must be 0 or more, not " + offset);
    }
    return read(component, (channel, size) -> {
      long start = offset > size ? 0 : offset;
      byte[] window = readAt(channel, start, (int) Math.min(maxBytes, size - start));
      return chunk(component, window, start, 0, lastLineEnd(window, window.length == maxBytes), size);
    });
  }

  private interface Reading {
    LogResponse read(FileChannel channel, long size) throws IOException;
  }

  private LogResponse read(ComponentId component, Reading reading) {
    Path file = fileOf(directory, component).normalize();
    // A component id never holds a '/', so this only guards against a future change of the file names.
    if (!directory.equals(file.getParent())) {
      return Failed.of(FailureReason.InvalidRequest, "'" + component + "' does not name a log in the agent's log directory");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return reading.read(channel, channel.size());
    } catch (NoSuchFileException e) {
      return new NoLog(component, "no log of " + component.prefix() + " (" + component.componentType() + ") on this agent's host: it never ran here, or its log was removed");
    } catch (IOException e) {
      return new NoLog(component, "the log of " + component.prefix() + " (" + component.componentType() + ") cannot be read: " + e.getMessage());
    }
  }

  private static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        break; // the file shrank meanwhile (rotated): answer what there is
      }
    }
    byte[] bytes = new byte[buffer.position()];
    buffer.flip().get(bytes);
    return bytes;
  }

  /**
   * Where the whole lines of {@code window} end. The agent writes a line and its newline at once, so
   * bytes after the last newline are a line still being written; a full window without any newline
   * (one huge line) ends at the last whole UTF-8 character instead, so a reader still moves on.
   */
  private static int lastLineEnd(byte[] window, boolean full) {
    for (int i = window.length - 1; i >= 0; i--) {
      if (window[i] == '\n') {
        return i + 1;
      }
    }
    return full ? characterEnd(window) : 0;
  }

  /**
   * Where the last {@code lines} lines before {@code end} begin. When the window starts inside the
   * file and holds fewer lines, its first (cut) line is dropped.
   */
  private static int tailStart(byte[] window, int end, int lines, boolean windowCut) {
    int seen = 0;
    for (int i = end - 2; i >= 0; i--) {
      if (window[i] == '\n' && ++seen == lines) {
        return i + 1;
      }
    }
    if (!windowCut) {
      return 0;
    }
    for (int i = 0; i < end; i++) {
      if (window[i] == '\n') {
        return i + 1;
      }
    }
    return characterStart(window, 0);
  }

  /** The first index at or after {@code i} that does not continue a UTF-8 character. */
  private static int characterStart(byte[] window, int i) {
    int at = i;
    while (at < window.length && continues(window[at])) {
      at++;
    }
    return at;
  }

  /** The end of the window's last whole UTF-8 character (before a character the window's end cut). */
  private static int characterEnd(byte[] window) {
    int lead = window.length - 1;
    while (lead >= 0 && continues(window[lead])) {
      lead--;
    }
    return lead >= 0 && window.length - lead < sequenceLength(window[lead]) ? lead : window.length;
  }

  private static boolean continues(byte b) {
    return (b & 0xC0) == 0x80;
  }

  private static int sequenceLength(byte lead) {
    if ((lead & 0xE0) == 0xC0) {
      return 2;
    }
    if ((lead & 0xF0) == 0xE0) {
      return 3;
    }
    return (lead & 0xF8) == 0xF0 ? 4 : 1;
  }

  private static LogChunk chunk(ComponentId component, byte[] window, long windowStart, int begin, int end, long size) {
    String text = new String(window, begin, Math.max(0, end - begin), StandardCharsets.UTF_8);
    return new LogChunk(component, windowStart + begin, windowStart + Math.max(begin, end), size, text);
  }
}
