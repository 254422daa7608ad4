package io.agentfleet.agentservice.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Reads the latest audit entries back from the current and the rotated files. Reading blocks: it runs on {@code blocking}. */
public final class AuditHistory {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuditSettings settings;
  private final Executor blocking;

  public AuditHistory(AuditSettings settings, Executor blocking) {
    this.settings = settings;
    this.blocking = blocking;
  }

  /** The latest {@code limit} entries, oldest first. */
  public CompletionStage<List<JsonNode>> latest(int limit) {
    return CompletableFuture.supplyAsync(() -> read(limit), blocking);
  }

  private List<JsonNode> read(int limit) {
    // Newest file first, each read from its end, until enough entries are found.
    Deque<JsonNode> entries = new ArrayDeque<>(limit);
    List<Path> newestFirst = new ArrayList<>();
    newestFirst.add(settings.file());
    for (int n = 1; n <= settings.maxFiles(); n++) {
      newestFirst.add(settings.rotated(n));
    }
    for (Path file : newestFirst) {
      List<String> lines = lines(file);
      for (int i = lines.size() - 1; i >= 0 && entries.size() < limit; i--) {
        parse(lines.get(i)).ifPresent(entries::addFirst);
      }
      if (entries.size() >= limit) {
        break;
      }
    }
    return List.copyOf(entries);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      // Not rotated that often yet, or renamed by a rotation under our feet: nothing to read there.
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit file " + file, e);
    }
  }

  private static java.util.Optional<JsonNode> parse(String line) {
    if (line.isBlank()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(JSON.readTree(line));
    } catch (IOException e) {
      // A line cut short by a crash while it was written: skip it, keep the rest readable.
      return java.util.Optional.empty();
    }
  }
}
