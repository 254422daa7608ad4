package io.agentfleet.agent.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agent.client.AgentProtocol.LogChunk;
import io.agentfleet.agent.client.AgentProtocol.NoLog;
import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.InvalidNameException;
import io.agentfleet.location.model.Prefix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentLogFilesTest {
  private static final ComponentId C1 = new ComponentId(Prefix.parse("ESW.logs_c1"), ComponentType.Service);
  private static final int BOUND = 1024;

  @TempDir Path dir;

  private ComponentLogFiles files() {
    return new ComponentLogFiles(dir, BOUND);
  }

  private Path write(String text) throws IOException {
    return Files.writeString(ComponentLogFiles.fileOf(dir, C1), text, StandardCharsets.UTF_8);
  }

  private static String lines(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
  }

  @Test
  void theLogIsTheComponentsFileInTheLogDirectory() {
    assertEquals(dir.resolve("ESW.logs_c1-Service.log"), ComponentLogFiles.fileOf(dir, C1));
  }

  @Test
  void aTailIsTheLastLinesWithTheirOffsets() throws IOException {
    write(lines(1, 10));
    LogChunk chunk = assertInstanceOf(LogChunk.class, files().tail(C1, 3));
    assertEquals(lines(8, 10), chunk.text());
    long size = lines(1, 10).length();
    assertEquals(size, chunk.size());
    assertEquals(size, chunk.nextOffset());
    assertEquals(lines(1, 7).length(), chunk.from());
  }

  @Test
  void aTailOfMoreLinesThanTheFileHasIsTheWholeFile() throws IOException {
    write(lines(1, 4));
    LogChunk chunk = assertInstanceOf(LogChunk.class, files().tail(C1, 100));
    assertEquals(lines(1, 4), chunk.text());
    assertEquals(0, chunk.from());
  }

  @Test
  void aTailOfAFileBiggerThanTheBoundIsItsLastWholeLinesWithinTheBound() throws IOException {
    write(lines(1, 1000)); // about 9 KB
    LogChunk chunk = assertInstanceOf(LogChunk.class, files().tail(C1, 1000));
    assertTrue(chunk.text().length() <= BOUND, "at most the bound: " + chunk.text().length());
    assertTrue(chunk.text().startsWith("line "), "starts with a whole line: " + chunk.text().substring(0, 20));
    assertTrue(chunk.text().endsWith("line 1000\n"));
    assertEquals(chunk.size(), chunk.nextOffset());
    assertEquals(chunk.size() - chunk.text().length(), chunk.from());
  }

  @Test
  void aLineStillBeingWrittenIsLeftForTheNextRead() throws IOException {
    write(lines(1, 2) + "line 3 is not fin");
    LogChunk tail = assertInstanceOf(LogChunk.class, files().tail(C1, 5));
    assertEquals(lines(1, 2), tail.text());
    LogChunk read = assertInstanceOf(LogChunk.class, files().from(C1, 0));
    assertEquals(lines(1, 2), read.text());
    assertEquals(lines(1, 2).length(), read.nextOffset());
  }

  @Test
  void aFollowerReadsWhatWasAddedAfterItsOffsetInBoundedPieces() throws IOException {
    write(lines(1, 5));
    LogChunk first = assertInstanceOf(LogChunk.class, files().from(C1, 0));
    assertEquals(lines(1, 5), first.text());
    LogChunk nothingNew = assertInstanceOf(LogChunk.class, files().from(C1, first.nextOffset()));
    assertEquals("", nothingNew.text());
    assertEquals(first.nextOffset(), nothingNew.nextOffset());

    Files.writeString(ComponentLogFiles.fileOf(dir, C1), lines(6, 500), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    StringBuilder followed = new StringBuilder();
    long offset = first.nextOffset();
    int reads = 0;
    LogChunk chunk;
    do {
      chunk = assertInstanceOf(LogChunk.class, files().from(C1, offset));
      assertTrue(chunk.nextOffset() - chunk.from() <= BOUND);
      assertTrue(chunk.text().isEmpty() || chunk.text().endsWith("\n"), "whole lines only");
      followed.append(chunk.text());
      offset = chunk.nextOffset();
      reads++;
    } while (offset < chunk.size());
    assertEquals(lines(6, 500), followed.toString());
    assertTrue(reads > 1, "more than one bounded piece");
  }

  @Test
  void anOffsetPastTheEndOfARotatedFileReadsItFromItsStart() throws IOException {
    write(lines(1, 3));
    LogChunk chunk = assertInstanceOf(LogChunk.class, files().from(C1, 10_000));
    assertEquals(0, chunk.from());
    assertEquals(lines(1, 3), chunk.text());
  }

  @Test
  void aSingleLineLongerThanTheBoundIsReadInPiecesWithoutCuttingACharacter() throws IOException {
    String line = "é".repeat(BOUND) + "\n"; // two bytes each: the bound falls inside characters
    write(line);
    StringBuilder read = new StringBuilder();
    long offset = 0;
    for (int i = 0; i < 10 && offset < line.getBytes(StandardCharsets.UTF_8).length; i++) {
      LogChunk chunk = assertInstanceOf(LogChunk.class, files().from(C1, offset));
      assertTrue(chunk.nextOffset() > offset, "a piece always moves on");
      read.append(chunk.text());
      offset = chunk.nextOffset();
    }
    assertEquals(line, read.toString());
  }

  @Test
  void aComponentWithoutALogIsNoLog() {
    NoLog none = assertInstanceOf(NoLog.class, files().tail(C1, 10));
    assertEquals(C1, none.componentId());
    assertTrue(none.message().contains("ESW.logs_c1"), none.message());
    assertInstanceOf(NoLog.class, files().from(C1, 0));
  }

  @Test
  void badLineCountsAndOffsetsAreRefused() throws IOException {
    write(lines(1, 3));
    assertEquals(FailureReason.InvalidRequest, assertInstanceOf(Failed.class, files().tail(C1, 0)).reason());
    assertEquals(FailureReason.InvalidRequest, assertInstanceOf(Failed.class, files().tail(C1, ComponentLogFiles.MAX_TAIL_LINES + 1)).reason());
    assertEquals(FailureReason.InvalidRequest, assertInstanceOf(Failed.class, files().from(C1, -1)).reason());
  }

  @Test
  void onlyAComponentIdNamesALogNeverAPath() throws IOException {
    // A read names a component id, and nothing that reaches outside the directory parses as one.
    Files.writeString(dir.getParent().resolve("secret.log"), "secret\n");
    for (String notAPrefix : new String[] {"../secret", "ESW/../../secret", "ESW.../secret", "ESW.a/b", "/etc/passwd", "ESW..", "ESW.-x"}) {
      assertThrows(InvalidNameException.class, () -> Prefix.parse(notAPrefix), notAPrefix);
    }
    ComponentId dotted = new ComponentId(Prefix.parse("ESW.a..b"), ComponentType.Service);
    assertEquals(dir.resolve("ESW.a..b-Service.log"), ComponentLogFiles.fileOf(dir, dotted).normalize(), "dots stay in the file name");
    assertInstanceOf(NoLog.class, files().tail(dotted, 1));
  }
}
