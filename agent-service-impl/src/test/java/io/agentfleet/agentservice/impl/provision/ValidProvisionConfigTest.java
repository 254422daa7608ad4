package io.agentfleet.agentservice.impl.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.agentservice.api.protocol.AgentProvisionConfig;
import io.agentfleet.agentservice.api.protocol.ProvisionConfig;
import io.agentfleet.location.model.Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidProvisionConfigTest {

  @Test
  void namesAreNumberedPerSubsystemAcrossAgentsInConfigOrder() {
    ValidProvisionConfig config = ValidProvisionConfig.of(config(
        new AgentProvisionConfig("ESW.machine1", 3),
        new AgentProvisionConfig("IRIS.machine1", 2),
        new AgentProvisionConfig("ESW.machine2", 2)));

    assertEquals(List.of(
        placed("ESW.machine1", "ESW.ESW_1"), placed("ESW.machine1", "ESW.ESW_2"), placed("ESW.machine1", "ESW.ESW_3"),
        placed("IRIS.machine1", "IRIS.IRIS_1"), placed("IRIS.machine1", "IRIS.IRIS_2"),
        placed("ESW.machine2", "ESW.ESW_4"), placed("ESW.machine2", "ESW.ESW_5")), config.placements());
  }

  @Test
  void anAgentWithNoComponentsTakesNoNumbers() {
    ValidProvisionConfig config = ValidProvisionConfig.of(config(
        new AgentProvisionConfig("ESW.machine1", 0), new AgentProvisionConfig("ESW.machine2", 1)));

    assertEquals(List.of(placed("ESW.machine2", "ESW.ESW_1")), config.placements());
    assertEquals(List.of(Prefix.parse("ESW.machine1"), Prefix.parse("ESW.machine2")), config.agentPrefixes());
  }

  @Test
  void anEmptyConfigPlacesNothing() {
    assertEquals(List.of(), ValidProvisionConfig.of(new ProvisionConfig(List.of())).placements());
  }

  @Test
  void anAgentTwiceIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValidProvisionConfig.of(config(
        new AgentProvisionConfig("ESW.machine1", 1), new AgentProvisionConfig("ESW.machine1", 2))));

    assertTrue(e.getMessage().contains("more than one for ESW.machine1"), e.getMessage());
  }

  @Test
  void aNegativeCountIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValidProvisionConfig.of(config(
        new AgentProvisionConfig("ESW.machine1", -1))));

    assertTrue(e.getMessage().contains("countOfSeqComps of ESW.machine1 is -1"), e.getMessage());
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValidProvisionConfig.of(config(
        new AgentProvisionConfig("machine1", 1),
        new AgentProvisionConfig("ESW.machine2", -2),
        new AgentProvisionConfig("ESW.machine2", 1))));

    assertTrue(e.getMessage().contains("invalid prefix 'machine1'"), e.getMessage());
    assertTrue(e.getMessage().contains("countOfSeqComps of ESW.machine2 is -2"), e.getMessage());
    assertTrue(e.getMessage().contains("more than one for ESW.machine2"), e.getMessage());
  }

  private static ProvisionConfig config(AgentProvisionConfig... entries) {
    return new ProvisionConfig(List.of(entries));
  }

  static SeqCompPlacement placed(String agent, String component) {
    return new SeqCompPlacement(Prefix.parse(agent), Prefix.parse(component));
  }
}
