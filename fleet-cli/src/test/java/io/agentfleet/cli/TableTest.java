package io.agentfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void columnsAreAsWideAsTheirWidestCellAndLinesHaveNoTrailingBlanks() {
    String rendered = new Table("AGENT", "PID", "STATE")
        .row("ESW.machine1", "12345", "Running")
        .row("IRIS.m1", "7", "-")
        .render();
    assertEquals(
        "AGENT         PID    STATE\n"
            + "ESW.machine1  12345  Running\n"
            + "IRIS.m1       7      -\n",
        rendered);
  }

  @Test
  void aTableWithoutRowsIsItsHeader() {
    assertEquals("A  B\n", new Table("A", "B").render());
  }

  @Test
  void aRowWithTheWrongNumberOfCellsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("only one"));
  }
}
