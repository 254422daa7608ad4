package io.agentfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void countsRunningStoppedAndFailedAsDone() throws Exception {
    JsonNode job = JSON.readTree("{\"state\":\"Running\",\"components\":["
        + "{\"prefix\":\"ESW.a\",\"status\":\"Running\"},{\"prefix\":\"ESW.b\",\"status\":\"Starting\"},"
        + "{\"prefix\":\"ESW.c\",\"status\":\"Failed\"},{\"prefix\":\"ESW.d\",\"status\":\"Pending\"},"
        + "{\"prefix\":\"ESW.e\",\"status\":\"Stopped\"},{\"prefix\":\"ESW.f\",\"status\":\"Stopping\"}]}");
    assertEquals("[" + "#".repeat(15) + "-".repeat(15) + "] 3/6 done, 1 failed", ProgressBar.of(job));
  }

  @Test
  void anEmptyJobIsAFullBar() {
    assertEquals("[" + "#".repeat(ProgressBar.WIDTH) + "] 0/0 done", ProgressBar.render(0, 0, 0));
  }

  @Test
  void tablesShowEveryComponent() throws Exception {
    JsonNode plan = JSON.readTree("{\"provision\":\"p\",\"start\":[{\"prefix\":\"ESW.a\",\"componentType\":\"Service\",\"kind\":\"sample\","
        + "\"agents\":[\"ESW.m1\",\"ESW.m2\"],\"managed\":true}],\"stop\":[{\"prefix\":\"ESW.b\",\"componentType\":\"Service\",\"kind\":\"sample\","
        + "\"agents\":[\"ESW.m2\"],\"managed\":false}],\"keep\":[]}");
    String table = ProvisionCommand.planTable(plan).render();
    assertTrue(table.startsWith("ACTION  PREFIX  TYPE     KIND    AGENTS\n"), table);
    assertTrue(table.contains("start   ESW.a   Service  sample  ESW.m1,ESW.m2\n"), table);
    assertTrue(table.contains("stop    ESW.b   Service  sample  ESW.m2\n"), table);
    JsonNode job = JSON.readTree("{\"state\":\"Failed\",\"components\":[{\"prefix\":\"ESW.a\",\"componentType\":\"Service\",\"action\":\"start\","
        + "\"status\":\"Failed\",\"reason\":\"UnknownKind: no kind x\"}]}");
    assertEquals("PREFIX  TYPE     ACTION  STATUS  AGENT  REASON\nESW.a   Service  start   Failed  -      UnknownKind: no kind x\n",
        ProvisionCommand.resultTable(job).render());
  }
}
