package io.agentfleet.agentservice.provisionfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilePlanTest {
  private static final FileComponent A = component("ESW.a", "ESW.m1");
  private static final FileComponent B = component("ESW.b", "ESW.m1", "ESW.m2");
  private static final FileComponent C = component("ESW.c", "ESW.m2");

  @Test
  void startsWhatIsMissingAndKeepsWhatIsPresentWhereverItRuns() {
    FilePlan plan = FilePlan.between(file(A, B, C), Optional.empty(), Set.of(A.id(), C.id()));
    assertEquals(List.of(B), plan.start());
    assertEquals(List.of(A, C), plan.keep());
    assertEquals(List.of(), plan.stop());
  }

  @Test
  void stopsOnlyWhatThePreviousFilePlacedAndStillRuns() {
    FileComponent other = component("ESW.other", "ESW.m1");
    FilePlan plan = FilePlan.between(file(A), Optional.of(file(A, B, C)), Set.of(A.id(), B.id(), other.id()));
    assertEquals(List.of(B), plan.stop(), "C is gone already; ESW.other was never this provision's");
    assertEquals(List.of(A), plan.keep());
    assertTrue(plan.start().isEmpty());
  }

  @Test
  void theSameFileAgainChangesNothing() {
    assertTrue(FilePlan.between(file(A, B), Optional.of(file(A, B)), Set.of(A.id(), B.id())).changesNothing());
  }

  @Test
  void aNameOfAnotherTypeIsNotTheSameComponent() {
    FilePlan plan = FilePlan.between(file(A), Optional.empty(), Set.of(new ComponentId(A.prefix(), ComponentType.Assembly)));
    assertEquals(List.of(A), plan.start());
  }

  @Test
  void missingAgentsAreThoseOfStartsWithNoRegisteredAgent() {
    FilePlan plan = FilePlan.between(file(A, B, C), Optional.empty(), Set.of());
    assertEquals(List.of(), plan.missingAgents(Set.of(Prefix.parse("ESW.m1"), Prefix.parse("ESW.m2"))));
    assertEquals(List.of(Prefix.parse("ESW.m2")), plan.missingAgents(Set.of(Prefix.parse("ESW.m1"))), "B may run on ESW.m1; C may not");
    assertEquals(List.of(), FilePlan.between(file(C), Optional.empty(), Set.of(C.id())).missingAgents(Set.of()), "a kept one needs no agent");
  }

  private static ProvisionFile file(FileComponent... components) {
    return new ProvisionFile("p", List.of(components));
  }

  private static FileComponent component(String prefix, String... agents) {
    return new FileComponent(Prefix.parse(prefix), "sample", ComponentType.Service, List.of(agents).stream().map(Prefix::parse).toList(), List.of());
  }
}
