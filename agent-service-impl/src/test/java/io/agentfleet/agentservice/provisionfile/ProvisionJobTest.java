package io.agentfleet.agentservice.provisionfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentfleet.agentservice.provisionfile.ProvisionJob.ComponentProgress;
import io.agentfleet.agentservice.provisionfile.ProvisionJob.Progress;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProvisionJobTest {
  private static final FileComponent START = component("ESW.a", "ESW.m1", "ESW.m2");
  private static final FileComponent STOP = component("ESW.b", "ESW.m2");
  private static final FileComponent KEEP = component("ESW.c", "ESW.m1");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void startsPendingAndKeepsWhatRunsWhereItRuns() {
    ProvisionJob job = job();
    ProvisionJob.JobView view = job.view();
    assertEquals("Running", view.state());
    assertEquals(List.of("start Pending -", "stop Pending ESW.m2", "keep Running ESW.m1"), summary(view.components()));
    assertEquals(Optional.empty(), view.finishedAt());
  }

  @Test
  void succeedsWhenNothingFailedAndFailsWhenAnythingDid() {
    ProvisionJob ok = job();
    ok.update(START, Progress.Running, Optional.of(Prefix.parse("ESW.m1")), Optional.empty());
    ok.update(STOP, Progress.Stopped, Optional.empty(), Optional.of("no longer in provision p"));
    ok.finish();
    assertEquals("Succeeded", ok.view().state());
    assertEquals(List.of("start Running ESW.m1", "stop Stopped ESW.m2", "keep Running ESW.m1"), summary(ok.view().components()));
    assertEquals(Optional.of(CLOCK.instant()), ok.view().finishedAt());

    ProvisionJob failed = job();
    failed.update(START, Progress.Failed, Optional.empty(), Optional.of("UnknownKind: no kind sample"));
    failed.finish();
    assertEquals("Failed", failed.view().state());
    assertEquals(Optional.of("UnknownKind: no kind sample"), failed.view().components().get(0).reason());
  }

  private static ProvisionJob job() {
    FilePlan plan = new FilePlan("p", List.of(START), List.of(STOP), List.of(KEEP));
    return new ProvisionJob("j1", plan, Map.of(STOP.prefix(), Prefix.parse("ESW.m2"), KEEP.prefix(), Prefix.parse("ESW.m1")), CLOCK);
  }

  private static List<String> summary(List<ComponentProgress> components) {
    return components.stream().map(c -> c.action() + " " + c.status() + " " + c.agent().orElse("-")).toList();
  }

  private static FileComponent component(String prefix, String... agents) {
    return new FileComponent(Prefix.parse(prefix), "sample", ComponentType.Service, List.of(agents).stream().map(Prefix::parse).toList(), List.of());
  }
}
