package io.agentfleet.agentservice.impl.provision;

import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.client.AgentProtocol;
import io.agentfleet.agent.client.AgentProtocol.AgentStatus;
import io.agentfleet.agent.client.AgentProtocol.ComponentState;
import io.agentfleet.agentservice.api.protocol.ComponentIdDto;
import io.agentfleet.agentservice.api.protocol.ProvisionConfig;
import io.agentfleet.agentservice.impl.AgentDirectory;
import io.agentfleet.agentservice.impl.AgentServiceImpl;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Provisioning: runs exactly the sequence components a config places on each agent. It checks the
 * config, finds its agents, asks every agent what it runs, and then stops what the config no longer
 * places and starts what is missing, every agent's spawns at once (the agents queue them for their
 * start slots). What already runs where the config wants it is kept, so applying a config twice
 * starts nothing. Spawns and stops go through the {@link AgentServiceImpl}, so their answers are
 * read-your-writes like any other.
 *
 * <p>Provisions run one after another: two at once would both see a component missing and both try
 * to start it.
 */
public final class Provisioner {
  private final AgentDirectory agents;
  private final AgentServiceImpl service;
  private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

  /** How a provision (or its plan) went. */
  public sealed interface Outcome permits MissingAgents, AgentsNotRead, Provisioned {}

  /** No agent is registered under these prefixes of the config; nothing was changed. */
  public record MissingAgents(List<Prefix> agents) implements Outcome {}

  /** An agent did not say what it runs, so the difference is unknown; nothing was changed. */
  public record AgentsNotRead(String reason) implements Outcome {}

  /** The plan, and for each of its starts and stops that failed, why (empty for a plan not carried out). */
  public record Provisioned(ProvisionPlan plan, List<String> failures) implements Outcome {}

  public Provisioner(AgentDirectory agents, AgentServiceImpl service) {
    this.agents = agents;
    this.service = service;
  }

  /** What {@link #apply} would change now, without changing it. A config that is invalid fails the stage (IllegalArgumentException). */
  public CompletionStage<Outcome> plan(ProvisionConfig config) {
    return queued(() -> planned(config));
  }

  /** Carries out the config; a config that is invalid fails the stage (IllegalArgumentException) before anything starts. */
  public CompletionStage<Outcome> apply(ProvisionConfig config) {
    return queued(() -> planned(config).thenCompose(outcome -> outcome instanceof Provisioned p ? carryOut(p.plan()) : done(outcome)));
  }

  private synchronized CompletionStage<Outcome> queued(java.util.function.Supplier<CompletionStage<Outcome>> provision) {
    CompletableFuture<Outcome> next = last.handle((any, failure) -> null).thenCompose(ignored -> provision.get()).toCompletableFuture();
    last = next;
    return next;
  }

  private CompletionStage<Outcome> planned(ProvisionConfig config) {
    ValidProvisionConfig valid;
    try {
      valid = ValidProvisionConfig.of(config);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    Map<Prefix, CompletableFuture<Optional<AgentClient>>> named = new LinkedHashMap<>();
    valid.agentPrefixes().forEach(agent -> named.put(agent, agents.byPrefix(agent).toCompletableFuture()));
    return allOf(named.values())
        .thenCompose(found -> {
          List<Prefix> missing = named.entrySet().stream().filter(e -> e.getValue().join().isEmpty()).map(Map.Entry::getKey).toList();
          if (!missing.isEmpty()) {
            return done(new MissingAgents(missing));
          }
          Map<Prefix, AgentClient> involved = new LinkedHashMap<>();
          named.forEach((agent, client) -> involved.put(agent, client.join().orElseThrow()));
          return agents.all().thenCompose(all -> {
            // Every agent's sequence components: a component the config no longer places is stopped
            // wherever it runs, also on agents the config does not name.
            for (Location location : all) {
              involved.putIfAbsent(location.connection().prefix(), agents.client(location));
            }
            return running(involved).thenApply(running -> running
                .<Outcome>map(r -> new Provisioned(ProvisionPlan.between(valid.placements(), r), List.of()))
                .orElseGet(() -> new AgentsNotRead(notAnswering(involved.keySet()))));
          });
        });
  }

  /** The sequence components the agents run, queue or are about to relaunch; empty if an agent does not answer. */
  private static CompletionStage<Optional<List<SeqCompPlacement>>> running(Map<Prefix, AgentClient> agents) {
    List<CompletableFuture<Optional<AgentStatus>>> asks = new ArrayList<>();
    // Asked afresh, not from the status cache: the difference must hold what the agents run now.
    agents.values().forEach(client -> asks.add(client.status().thenApply(Optional::of).exceptionally(noAnswer -> Optional.empty()).toCompletableFuture()));
    return allOf(asks).thenApply(all -> {
      List<SeqCompPlacement> running = new ArrayList<>();
      for (CompletableFuture<Optional<AgentStatus>> ask : asks) {
        Optional<AgentStatus> status = ask.join();
        if (status.isEmpty()) {
          return Optional.empty();
        }
        status.get().components().stream()
            .filter(c -> c.connection().componentType() == ComponentType.SequenceComponent)
            // One that is stopping is on its way out: a start of its name waits for nothing but a
            // free name, which the agent's own reservation gives.
            .filter(c -> c.state() != ComponentState.Stopping)
            .forEach(c -> running.add(new SeqCompPlacement(status.get().agentPrefix(), c.connection().prefix())));
      }
      return Optional.of(running);
    });
  }

  private CompletionStage<Outcome> carryOut(ProvisionPlan plan) {
    Map<SeqCompPlacement, CompletableFuture<Optional<String>>> stops = new HashMap<>();
    for (SeqCompPlacement stop : plan.stop()) {
      stops.put(stop, service.kill(new ComponentIdDto(stop.component().toString(), ComponentType.SequenceComponent.name()))
          .thenApply(answer -> failure("stopping " + stop, answer)).toCompletableFuture());
    }
    List<CompletableFuture<Optional<String>>> all = new ArrayList<>(stops.values());
    for (SeqCompPlacement start : plan.start()) {
      CompletableFuture<Optional<String>> before = plan.stopBefore(start).map(stops::get).orElse(CompletableFuture.completedFuture(Optional.empty()));
      all.add(before.thenCompose(stopped -> stopped.isPresent()
              ? done(Optional.of("starting " + start + ": not started, its stop elsewhere failed"))
              : service.spawnSequenceComponentOn(start.agent(), start.component().componentName()).thenApply(answer -> failure("starting " + start, answer)))
          .toCompletableFuture());
    }
    return allOf(all).thenApply(done -> new Provisioned(plan, all.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList()));
  }

  private static Optional<String> failure(String what, Object answer) {
    return answer instanceof AgentProtocol.Failed failed
        ? Optional.of(what + " failed: " + failed.reason() + ": " + failed.message())
        : Optional.empty();
  }

  private static String notAnswering(java.util.Collection<Prefix> asked) {
    return "not every agent said what it runs (asked " + String.join(", ", asked.stream().map(Prefix::toString).toList())
        + "); nothing was started or stopped";
  }

  private static <T> CompletionStage<Void> allOf(java.util.Collection<CompletableFuture<T>> futures) {
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
