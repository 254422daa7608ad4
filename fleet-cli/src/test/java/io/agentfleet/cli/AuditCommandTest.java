package io.agentfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditCommandTest {
  @Test
  void anEntryIsOneRowAndAbsentFieldsShowAsDashes() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode spawn = json.readTree("{\"time\":\"2026-12-03T01:00:00Z\",\"user\":\"operator\",\"client\":\"tmt-frontend-app\","
        + "\"address\":\"127.0.0.1\",\"action\":\"spawn\",\"agent\":\"ESW.audithost1\",\"component\":\"ESW.c1\",\"status\":201,"
        + "\"result\":\"Spawned\",\"requestId\":\"r1\"}");
    JsonNode refused = json.readTree("{\"time\":\"2026-12-03T01:00:01Z\",\"user\":\"anonymous\",\"address\":\"127.0.0.1\","
        + "\"action\":\"kill\",\"component\":\"ESW.c1\",\"status\":401,\"result\":\"Unauthorized\",\"requestId\":\"r2\"}");

    assertEquals("""
        TIME                  USER       CLIENT            ADDRESS    ACTION  AGENT           COMPONENT  STATUS  RESULT
        2026-12-03T01:00:00Z  operator   tmt-frontend-app  127.0.0.1  spawn   ESW.audithost1  ESW.c1     201     Spawned
        2026-12-03T01:00:01Z  anonymous  -                 127.0.0.1  kill    -               ESW.c1     401     Unauthorized
        """, AuditCommand.table(List.of(spawn, refused)).render());
  }
}
