package io.agentfleet.agentservice.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The file, its rotation and reading it back, with real logback appenders on a temporary directory. */
class AuditLogTest {
  private static final long MAX_SIZE = 1024;

  @TempDir
  Path dir;

  private static AuditEvent event(int n) {
    return new AuditEvent(Instant.now(), "operator", Optional.of("tmt-frontend-app"), "127.0.0.1", "spawn", Optional.of("ESW.audithost1"),
        Optional.of("ESW.c" + n), 200, "Spawned", Optional.empty(), "req-" + n);
  }

  @Test
  void theFileRotatesAtItsSizeKeepsMaxFilesAndTheLatestEntriesReadBackNewestLast() throws Exception {
    AuditSettings settings = new AuditSettings(dir.resolve("audit.jsonl"), MAX_SIZE, 2, false);
    ListAppender<ILoggingEvent> applicationLog = new ListAppender<>();
    applicationLog.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(applicationLog);
    int lineLength = event(100).toJsonLine().length() + 1;
    int events = (int) (4 * MAX_SIZE / lineLength);
    try (AuditLog log = AuditLog.open(settings, "audit-log-test")) {
      IntStream.rangeClosed(1, events).forEach(n -> log.record(event(n)));
    } finally {
      root.detachAppender(applicationLog);
    }

    assertTrue(Files.exists(settings.rotated(1)), "rotated once");
    assertTrue(Files.exists(settings.rotated(2)), "rotated twice");
    assertFalse(Files.exists(settings.rotated(3)), "only max-files rotated files are kept");
    for (Path file : List.of(settings.file(), settings.rotated(1), settings.rotated(2))) {
      // The size is checked before each line, so a file may pass the limit by one line.
      assertTrue(Files.size(file) <= MAX_SIZE + lineLength, file + " is " + Files.size(file) + " bytes");
    }
    assertEquals(List.of(), applicationLog.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("req-")).toList(),
        "audit lines stay out of the application log");

    AuditHistory history = new AuditHistory(settings, Runnable::run);
    List<String> latest = ids(history.latest(3).toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals(List.of("req-" + (events - 2), "req-" + (events - 1), "req-" + events), latest);

    List<String> all = ids(history.latest(1000).toCompletableFuture().get(10, TimeUnit.SECONDS));
    int kept = (int) (Files.readAllLines(settings.file()).size() + Files.readAllLines(settings.rotated(1)).size()
        + Files.readAllLines(settings.rotated(2)).size());
    assertEquals(kept, all.size(), "every kept line is read, across the rotated files");
    assertEquals(IntStream.rangeClosed(events - kept + 1, events).mapToObj(n -> "req-" + n).toList(), all, "in order, oldest first");
  }

  @Test
  void aFileThatCannotBeOpenedFailsTheStart() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    AuditSettings settings = new AuditSettings(notADirectory.resolve("audit.jsonl"), MAX_SIZE, 2, false);

    IllegalStateException failure = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> AuditLog.open(settings, "audit-log-test-unopenable"));
    assertTrue(failure.getMessage().contains("agent-service.audit.file"), failure.getMessage());
  }

  @Test
  void noFileYetReadsAsNoEntries() throws Exception {
    AuditHistory history = new AuditHistory(new AuditSettings(dir.resolve("none.jsonl"), MAX_SIZE, 2, false), Runnable::run);

    assertEquals(List.of(), history.latest(10).toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  private static List<String> ids(List<JsonNode> entries) {
    return entries.stream().map(e -> e.get("requestId").asText()).toList();
  }
}
