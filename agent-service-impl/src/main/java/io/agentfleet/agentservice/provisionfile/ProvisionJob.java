package io.agentfleet.agentservice.provisionfile;

import io.agentfleet.location.model.Prefix;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One apply of a provision file while it runs and after: each component's progress, changed by the
 * starts and stops as they answer (from any thread, hence synchronized) and read by pollers.
 */
public final class ProvisionJob {
  /** Where a component of the job is. */
  enum Progress { Pending, Starting, Running, Stopping, Stopped, Failed }

  /** What the job does with a component. */
  enum Action { start, stop, keep }

  private final String id;
  private final FilePlan plan;
  private final Instant startedAt;
  private final Clock clock;
  private final Map<Prefix, ComponentProgress> components = new LinkedHashMap<>();
  private Optional<Instant> finishedAt = Optional.empty();

  ProvisionJob(String id, FilePlan plan, Map<Prefix, Prefix> runningOn, Clock clock) {
    this.id = id;
    this.plan = plan;
    this.clock = clock;
    this.startedAt = clock.instant();
    plan.start().forEach(c -> components.put(c.prefix(), ComponentProgress.of(c, Action.start, Progress.Pending, Optional.empty(), Optional.empty())));
    plan.stop().forEach(c -> components.put(c.prefix(), ComponentProgress.of(c, Action.stop, Progress.Pending, Optional.ofNullable(runningOn.get(c.prefix())), Optional.empty())));
    plan.keep().forEach(c -> components.put(c.prefix(), ComponentProgress.of(c, Action.keep, Progress.Running, Optional.ofNullable(runningOn.get(c.prefix())),
        Optional.of("already present: kept as it is"))));
  }

  String id() {
    return id;
  }

  FilePlan plan() {
    return plan;
  }

  synchronized void update(FileComponent c, Progress progress, Optional<Prefix> agent, Optional<String> reason) {
    ComponentProgress was = components.get(c.prefix());
    components.put(c.prefix(), new ComponentProgress(was.prefix(), was.componentType(), was.action(), progress.name(),
        agent.map(Prefix::toString).or(was::agent), reason));
  }

  synchronized void finish() {
    finishedAt = Optional.of(clock.instant());
  }

  synchronized JobView view() {
    List<ComponentProgress> all = List.copyOf(components.values());
    long failed = all.stream().filter(c -> c.status().equals(Progress.Failed.name())).count();
    String state = finishedAt.isEmpty() ? "Running" : failed == 0 ? "Succeeded" : "Failed";
    return new JobView(id, plan.provision(), state, startedAt, finishedAt, all);
  }

  /**
   * A job as {@code GET /api/v1/provisions/{id}} answers it.
   *
   * @param state {@code Running} while any start or stop is under way, then {@code Succeeded}, or
   *     {@code Failed} when at least one component failed (the others went through)
   */
  public record JobView(String id, String provision, String state, Instant startedAt, Optional<Instant> finishedAt, List<ComponentProgress> components) {}

  /**
   * @param action {@code start}, {@code stop} or {@code keep}
   * @param status {@code Pending}, {@code Starting}, {@code Running}, {@code Stopping}, {@code Stopped} or {@code Failed}
   * @param agent where it runs (or ran), once known
   * @param reason why it failed, or a note on what was done
   */
  public record ComponentProgress(String prefix, String componentType, String action, String status, Optional<String> agent, Optional<String> reason) {
    static ComponentProgress of(FileComponent c, Action action, Progress progress, Optional<Prefix> agent, Optional<String> reason) {
      return new ComponentProgress(c.prefix().toString(), c.componentType().name(), action.name(), progress.name(), agent.map(Prefix::toString), reason);
    }
  }
}
