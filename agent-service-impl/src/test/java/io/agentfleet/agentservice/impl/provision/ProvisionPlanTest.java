package io.agentfleet.agentservice.impl.provision;

import static io.agentfleet.agentservice.impl.provision.ValidProvisionConfigTest.placed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.agentservice.api.rest.Placement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProvisionPlanTest {
  private final List<SeqCompPlacement> wanted = List.of(
      placed("ESW.machine1", "ESW.ESW_1"), placed("ESW.machine1", "ESW.ESW_2"), placed("IRIS.machine1", "IRIS.IRIS_1"));

  @Test
  void nothingRunningStartsEverything() {
    ProvisionPlan plan = ProvisionPlan.between(wanted, List.of());

    assertEquals(wanted, plan.start());
    assertEquals(List.of(), plan.stop());
    assertEquals(List.of(), plan.keep());
  }

  @Test
  void whatRunsWhereWantedIsKeptSoAReapplyChangesNothing() {
    ProvisionPlan plan = ProvisionPlan.between(wanted, List.of(wanted.get(2), wanted.get(0), wanted.get(1)));

    assertTrue(plan.changesNothing());
    assertEquals(wanted, plan.keep());
  }

  @Test
  void onlyTheDifferenceIsStartedAndStopped() {
    List<SeqCompPlacement> running = List.of(
        placed("ESW.machine1", "ESW.ESW_1"), placed("ESW.machine1", "ESW.ESW_3"), placed("TCS.machine1", "TCS.TCS_1"));

    ProvisionPlan plan = ProvisionPlan.between(wanted, running);

    assertEquals(List.of(placed("ESW.machine1", "ESW.ESW_2"), placed("IRIS.machine1", "IRIS.IRIS_1")), plan.start());
    assertEquals(List.of(placed("ESW.machine1", "ESW.ESW_3"), placed("TCS.machine1", "TCS.TCS_1")), plan.stop());
    assertEquals(List.of(placed("ESW.machine1", "ESW.ESW_1")), plan.keep());
  }

  @Test
  void aComponentMovedToAnotherAgentStartsAfterItsStop() {
    SeqCompPlacement there = placed("ESW.machine2", "ESW.ESW_2");

    ProvisionPlan plan = ProvisionPlan.between(wanted, List.of(wanted.get(0), there));

    assertEquals(List.of(there), plan.stop());
    assertEquals(Optional.of(there), plan.stopBefore(wanted.get(1)));
    assertEquals(Optional.empty(), plan.stopBefore(wanted.get(2)));
  }

  @Test
  void anEmptyConfigStopsEverything() {
    ProvisionPlan plan = ProvisionPlan.between(List.of(), wanted);

    assertEquals(wanted, plan.stop());
    assertEquals(List.of(), plan.start());
  }

  @Test
  void theViewNamesAgentsAndComponents() {
    ProvisionPlan plan = ProvisionPlan.between(List.of(wanted.get(0)), List.of(placed("ESW.machine1", "ESW.ESW_9")));

    assertEquals(List.of(new Placement("ESW.machine1", "ESW.ESW_1")), plan.view().start());
    assertEquals(List.of(new Placement("ESW.machine1", "ESW.ESW_9")), plan.view().stop());
  }
}
