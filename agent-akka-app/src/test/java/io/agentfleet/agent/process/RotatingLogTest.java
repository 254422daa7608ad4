package io.agentfleet.agent.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogTest {
  @TempDir Path dir;

  @Test
  void rotatesBySizeKeepsAtMostMaxFilesAndTheLastLines() throws Exception {
    Path file = dir.resolve("ESW.c1-Service.log");
    RotatingLog log = new RotatingLog(file, 1000, 3);
    String output = IntStream.range(0, 500).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")) + "\n";
    log.pump(new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)));

    List<Path> files;
    try (var listing = Files.list(dir)) {
      files = listing.sorted().toList();
    }
    assertEquals(List.of(file, dir.resolve("ESW.c1-Service.log.1"), dir.resolve("ESW.c1-Service.log.2")), files);
    for (Path f : files) {
      assertTrue(Files.size(f) <= 1000, f + " is " + Files.size(f) + " bytes");
    }
    List<String> current = Files.readAllLines(file);
    assertEquals("line 499", current.get(current.size() - 1));
    List<String> older = Files.readAllLines(dir.resolve("ESW.c1-Service.log.1"));
    assertEquals(Integer.parseInt(current.get(0).substring(5)) - 1, Integer.parseInt(older.get(older.size() - 1).substring(5)), "rotation loses no line in between");
    assertEquals(List.of("line 497", "line 498", "line 499"), log.tail(3));
  }

  @Test
  void aLaterRunAppendsSoTheLastLinesOfTheRunBeforeStayReadable() throws Exception {
    Path file = dir.resolve("ESW.c1-Service.log");
    new RotatingLog(file, 1 << 20, 3).pump(new ByteArrayInputStream("run 1 starting\nrun 1 failing\n".getBytes(StandardCharsets.UTF_8)));
    RotatingLog relaunched = new RotatingLog(file, 1 << 20, 3);
    relaunched.pump(new ByteArrayInputStream("run 2 starting\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of("run 1 starting", "run 1 failing", "run 2 starting"), Files.readAllLines(file));
    assertEquals(List.of("run 2 starting"), relaunched.tail(5), "a failure report shows its own run's lines");
  }

  @Test
  void aLaterRunCountsTheBytesAlreadyInTheFileWhenItRotates() throws Exception {
    Path file = dir.resolve("ESW.c1-Service.log");
    String line = "x".repeat(99) + "\n";
    new RotatingLog(file, 1000, 2).pump(new ByteArrayInputStream(line.repeat(9).getBytes(StandardCharsets.UTF_8)));
    new RotatingLog(file, 1000, 2).pump(new ByteArrayInputStream(line.repeat(2).getBytes(StandardCharsets.UTF_8)));
    assertTrue(Files.size(file) <= 1000, "rotated by size across runs: " + Files.size(file));
    assertEquals(1000, Files.size(file) + Files.size(dir.resolve("ESW.c1-Service.log.1")) - 100, "no line lost");
  }
}
