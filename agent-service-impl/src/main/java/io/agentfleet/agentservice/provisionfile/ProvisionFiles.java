package io.agentfleet.agentservice.provisionfile;

import akka.actor.typed.ActorSystem;
import io.agentfleet.agent.client.AgentProtocol;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agentservice.api.protocol.ComponentIdDto;
import io.agentfleet.agentservice.api.rest.AgentView;
import io.agentfleet.agentservice.failover.Failover;
import io.agentfleet.agentservice.failover.FailoverPolicy;
import io.agentfleet.agentservice.failover.ManagedComponent;
import io.agentfleet.agentservice.impl.AgentFleetView;
import io.agentfleet.agentservice.impl.AgentServiceImpl;
import io.agentfleet.agentservice.provisionfile.ProvisionJob.Progress;
import io.agentfleet.location.model.ComponentId;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Prefix;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Provision files: plans them against what runs, and applies them as jobs whose progress can be
 * polled. A job starts and stops all its components at once (the agents queue spawns for their start
 * slots); a component with backups is handed to the failover decider, one with a single agent is
 * spawned plainly. Jobs run one after another: two at once would both see a component missing.
 * Jobs live on the member that accepted them; the applied files are replicated.
 */
public final class ProvisionFiles {
  private final AgentServiceImpl service;
  private final AgentFleetView fleet;
  private final Failover failover;
  private final AppliedProvisions applied;
  private final Clock clock;
  private final int jobsKept;
  private final Map<String, ProvisionJob> jobs = new LinkedHashMap<>();
  private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

  /** Why a file cannot be applied now, before anything started. */
  public sealed interface Refusal permits UnknownAgents, StateUnavailable {}

  /** Components to start none of whose agents is registered; all such agents are named. */
  public record UnknownAgents(List<Prefix> agents) implements Refusal {}

  /** What runs, or what the provision placed before, could not be read or recorded. */
  public record StateUnavailable(String reason) implements Refusal {}

  /** A plan, or why there is none. */
  public record Planned(Optional<FilePlan> plan, Optional<Refusal> refusal) {}

  /** A job started, or why not. */
  public record Applied(Optional<ProvisionJob.JobView> job, Optional<Refusal> refusal) {}

  /** Provision files through {@code service}, with the settings under {@code agent-service.provision-files}. */
  public static ProvisionFiles start(AgentServiceImpl service, AgentFleetView fleet, Failover failover) {
    com.typesafe.config.Config config = failover.system().settings().config().getConfig("agent-service.provision-files");
    return new ProvisionFiles(failover.system(), service, fleet, failover, config.getDuration("store-timeout"), config.getInt("jobs-kept"));
  }

  public ProvisionFiles(ActorSystem<?> system, AgentServiceImpl service, AgentFleetView fleet, Failover failover, Duration storeTimeout, int jobsKept) {
    this.service = service;
    this.fleet = fleet;
    this.failover = failover;
    this.applied = new AppliedProvisions(system, storeTimeout);
    this.clock = Clock.systemUTC();
    this.jobsKept = jobsKept;
  }

  /** What applying {@code text} would change; an invalid file throws an {@link InvalidProvisionFileException}. */
  public CompletionStage<Planned> plan(String text) {
    ProvisionFile file = ProvisionFile.parse(text);
    return queued(() -> planned(file).thenApply(s -> s.refusal().isPresent()
        ? new Planned(Optional.empty(), s.refusal())
        : new Planned(Optional.of(s.plan()), Optional.empty())));
  }

  /**
   * Starts applying {@code text}: completes once the job is planned and under way (or refused, with
   * nothing started). An invalid file throws an {@link InvalidProvisionFileException}.
   */
  public CompletionStage<Applied> apply(String text) {
    ProvisionFile file = ProvisionFile.parse(text);
    CompletableFuture<Applied> started = new CompletableFuture<>();
    queued(() -> planned(file).thenCompose(state -> {
      if (state.refusal().isPresent()) {
        started.complete(new Applied(Optional.empty(), state.refusal()));
        return done(null);
      }
      // Recorded before anything starts: should this member die mid-job, a later file still knows
      // what this one may have started, and can stop it.
      return applied.record(file.placedAfter(state.previous(), Set.of())).thenCompose(recorded -> {
        if (!recorded) {
          started.complete(new Applied(Optional.empty(), Optional.of(new StateUnavailable(
              "what provision " + file.name() + " places could not be recorded with a majority of replicas; nothing was started or stopped"))));
          return done(null);
        }
        ProvisionJob job = newJob(state);
        started.complete(new Applied(Optional.of(job.view()), Optional.empty()));
        return carryOut(job, file, state);
      });
    })).whenComplete((any, failure) -> {
      if (failure != null) {
        started.completeExceptionally(failure);
      }
    });
    return started;
  }

  /** The job {@code id} as it stands, if this member ran it and still keeps it. */
  public synchronized Optional<ProvisionJob.JobView> job(String id) {
    return Optional.ofNullable(jobs.get(id)).map(ProvisionJob::view);
  }

  private synchronized <T> CompletionStage<T> queued(Supplier<CompletionStage<T>> work) {
    CompletableFuture<T> next = last.handle((any, failure) -> null).thenCompose(ignored -> work.get()).toCompletableFuture();
    last = next;
    return next;
  }

  private synchronized ProvisionJob newJob(State state) {
    ProvisionJob job = new ProvisionJob(UUID.randomUUID().toString(), state.plan(), state.runningOn(), clock);
    jobs.put(job.id(), job);
    while (jobs.size() > jobsKept) {
      jobs.remove(jobs.keySet().iterator().next());
    }
    return job;
  }

  /** The plan with what it was made from, or why it could not be made. */
  /**
   * @param policies the policy of every managed component now
   */
  private record State(FilePlan plan, Optional<ProvisionFile> previous, Map<Prefix, Prefix> runningOn, Map<Prefix, FailoverPolicy> policies,
      Optional<Refusal> refusal) {}

  private CompletionStage<State> planned(ProvisionFile file) {
    CompletableFuture<List<AgentView>> agents = fleet.all().toCompletableFuture();
    CompletableFuture<List<ManagedComponent>> managed = failover.list().toCompletableFuture();
    CompletableFuture<Optional<ProvisionFile>> previous = applied.last(file.name()).toCompletableFuture();
    return CompletableFuture.allOf(agents, managed, previous).handle((all, failure) -> {
      if (failure != null) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return new State(null, Optional.empty(), Map.of(), Map.of(), Optional.of(new StateUnavailable(
            "could not learn what runs or what provision " + file.name() + " placed: " + cause.getMessage() + "; nothing was started or stopped")));
      }
      Set<ComponentId> present = new HashSet<>();
      Map<Prefix, Prefix> runningOn = new HashMap<>();
      Set<Prefix> registered = new HashSet<>();
      for (AgentView agent : agents.join()) {
        Prefix agentPrefix = Prefix.parse(agent.prefix());
        registered.add(agentPrefix);
        agent.components().stream()
            // One that is stopping is on its way out: it is started again if the file lists it.
            .filter(c -> !c.state().equals("Stopping"))
            .forEach(c -> {
              Prefix prefix = Prefix.parse(c.prefix());
              present.add(new ComponentId(prefix, ComponentType.parse(c.componentType())));
              runningOn.put(prefix, agentPrefix);
            });
      }
      Map<Prefix, FailoverPolicy> policies = new HashMap<>();
      managed.join().forEach(m -> policies.put(m.component(), m.policy()));
      managed.join().stream()
          .filter(m -> m.status() != ManagedComponent.Status.Stopped)
          .forEach(m -> present.add(new ComponentId(m.component(), m.policy().componentType())));
      FilePlan plan = FilePlan.between(file, previous.join(), present);
      List<Prefix> missing = plan.missingAgents(registered);
      Optional<Refusal> refusal = missing.isEmpty() ? Optional.empty() : Optional.of(new UnknownAgents(missing));
      return new State(plan, previous.join(), runningOn, policies, refusal);
    });
  }

  private CompletionStage<Void> carryOut(ProvisionJob job, ProvisionFile file, State state) {
    List<CompletableFuture<Boolean>> steps = new ArrayList<>();
    job.plan().start().forEach(c -> steps.add(start(job, c).toCompletableFuture()));
    job.plan().keep().stream()
        .filter(c -> state.policies().containsKey(c.prefix()) && !state.policies().get(c.prefix()).equals(c.policy()))
        .forEach(c -> steps.add(repolicy(job, c).toCompletableFuture()));
    Map<Prefix, CompletableFuture<Boolean>> stops = new LinkedHashMap<>();
    job.plan().stop().forEach(c -> stops.put(c.prefix(), stop(job, c).toCompletableFuture()));
    steps.addAll(stops.values());
    return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).thenCompose(all -> {
      Set<Prefix> stopped = new HashSet<>();
      stops.forEach((prefix, gone) -> {
        if (gone.join()) {
          stopped.add(prefix);
        }
      });
      return applied.record(file.placedAfter(state.previous(), stopped));
    }).handle((recorded, failure) -> {
      job.finish();
      return null;
    });
  }

  /** Starts {@code c}; completes with whether it runs. */
  private CompletionStage<Boolean> start(ProvisionJob job, FileComponent c) {
    job.update(c, Progress.Starting, Optional.of(c.primary()), Optional.empty());
    if (c.managed()) {
      return failover.manage(c.policy()).handle((managed, failure) -> {
        if (failure != null) {
          job.update(c, Progress.Failed, Optional.empty(), Optional.of("the failover decider did not answer: " + message(failure)));
          return false;
        }
        Optional<Prefix> where = managed.placement().map(ManagedComponent.Placement::agent);
        if (managed.status() == ManagedComponent.Status.Running) {
          job.update(c, Progress.Running, where, Optional.of("managed: fails over to " + c.agents().subList(1, c.agents().size())));
          return true;
        }
        String last = managed.history().isEmpty() ? "" : ": " + managed.history().get(managed.history().size() - 1);
        job.update(c, Progress.Failed, where, Optional.of("managed but " + managed.status() + " (tried again later)" + last));
        return false;
      });
    }
    return service.spawn(c.primary().toString(), c.kind(), c.prefix().toString(), Optional.of(c.componentType().name()), c.args())
        .handle((answer, failure) -> {
          if (answer instanceof AgentProtocol.Spawned spawned) {
            job.update(c, Progress.Running, spawned.location().agentPrefix().or(() -> Optional.of(c.primary())), Optional.empty());
            return true;
          }
          String why = failure != null ? message(failure) : failed((AgentProtocol.Failed) answer);
          job.update(c, Progress.Failed, Optional.empty(), Optional.of(why));
          return false;
        });
  }

  /**
   * Gives a kept managed component the file's kind, args and agents: the decider takes a new policy of
   * a running component without restarting it, and uses it at its next failover.
   */
  private CompletionStage<Boolean> repolicy(ProvisionJob job, FileComponent c) {
    return failover.manage(c.policy()).handle((managed, failure) -> {
      if (failure != null) {
        job.update(c, Progress.Failed, Optional.empty(), Optional.of("kept, but its new policy was not taken: " + message(failure)));
        return false;
      }
      job.update(c, Progress.Running, managed.placement().map(ManagedComponent.Placement::agent),
          Optional.of("kept; managed now with agents " + c.agents()));
      return true;
    });
  }

  /** Stops {@code c} (and stops managing it first, so the decider does not start it again); completes with whether it is gone. */
  private CompletionStage<Boolean> stop(ProvisionJob job, FileComponent c) {
    job.update(c, Progress.Stopping, Optional.empty(), Optional.empty());
    CompletionStage<?> unmanaged = c.managed() ? failover.unmanage(c.prefix()) : done(null);
    return unmanaged
        .thenCompose(any -> service.kill(new ComponentIdDto(c.prefix().toString(), c.componentType().name())))
        .handle((answer, failure) -> {
          boolean gone = answer instanceof AgentProtocol.Killed
              || answer instanceof AgentProtocol.Failed f && f.reason() == FailureReason.NotRegistered;
          if (gone) {
            job.update(c, Progress.Stopped, Optional.empty(), Optional.of("no longer in provision " + job.plan().provision()));
            return true;
          }
          job.update(c, Progress.Failed, Optional.empty(), Optional.of(failure != null ? message(failure) : failed((AgentProtocol.Failed) answer)));
          return false;
        });
  }

  private static String failed(AgentProtocol.Failed failed) {
    return failed.reason() + ": " + failed.message();
  }

  private static String message(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return String.valueOf(cause.getMessage());
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
