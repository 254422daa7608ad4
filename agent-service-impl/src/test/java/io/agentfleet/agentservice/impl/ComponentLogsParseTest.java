package io.agentfleet.agentservice.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import org.junit.jupiter.api.Test;

/** A log is named by a component id or connection name, never by anything path-like. */
class ComponentLogsParseTest {
  @Test
  void aComponentIdOrAConnectionNameNamesTheComponent() {
    ComponentId c1 = new ComponentId(Prefix.parse("ESW.c1"), ComponentType.SequenceComponent);
    assertEquals(c1, ComponentLogs.parse("ESW.c1-SequenceComponent"));
    assertEquals(c1, ComponentLogs.parse("ESW.c1-SequenceComponent-akka"));
  }

  @Test
  void anythingElseIsRefused() {
    for (String text : new String[] {"ESW.c1", "../../etc/passwd-Service", "ESW.c1-Nothing", "ESW.a/b-Service", "a-b-c-d", ""}) {
      assertThrows(IllegalArgumentException.class, () -> ComponentLogs.parse(text), text);
    }
  }
}
