package io.agentfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode failedOver() throws Exception {
    return JSON.readTree("""
        {"policy":{"component":"ESW.sequence_manager","kind":"sequence-manager","componentType":"Service","args":[],
          "agents":["ESW.machine1","ESW.machine2","ESW.machine3"]},
         "status":"Running","placement":{"agent":"ESW.machine2","member":"akka://fleet@10.0.0.2:3560#7"},
         "connection":"ESW.sequence_manager-Service-http",
         "history":[
          {"at":"2026-12-03T01:00:00Z","what":"Started","from":null,"to":"ESW.machine1","reason":"managed","tookMillis":2100},
          {"at":"2026-12-03T02:00:00Z","what":"FailedOver","from":"ESW.machine1","to":"ESW.machine2",
           "reason":"ESW.machine1 left the cluster","tookMillis":12480}]}
        """);
  }

  @Test
  void theOverviewShowsWhereEachRunsItsAgentsAndItsLatestEvent() throws Exception {
    JsonNode down = JSON.readTree("""
        {"policy":{"component":"ESW.c2","agents":["ESW.machine1"]},"status":"Down","placement":null,"history":[]}
        """);

    assertEquals("""
        COMPONENT             STATUS   RUNS ON       AGENTS                                  LAST EVENT
        ESW.sequence_manager  Running  ESW.machine2  ESW.machine1,ESW.machine2,ESW.machine3  FailedOver 2026-12-03T02:00:00Z
        ESW.c2                Down     -             ESW.machine1                            -
        """, FailoverCommand.overview(List.of(failedOver(), down)).render());
  }

  @Test
  void oneComponentShowsItsHistoryOldestFirst() throws Exception {
    assertEquals("""
        ESW.sequence_manager: Running, runs on ESW.machine2, agents ESW.machine1,ESW.machine2,ESW.machine3
        TIME                  WHAT        FROM          TO            TOOK    REASON
        2026-12-03T01:00:00Z  Started     -             ESW.machine1  2.1 s   managed
        2026-12-03T02:00:00Z  FailedOver  ESW.machine1  ESW.machine2  12.5 s  ESW.machine1 left the cluster
        """, FailoverCommand.describe(failedOver()));
  }
}
