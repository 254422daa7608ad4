package io.agentfleet.agentservice.failover;

import io.agentfleet.agent.client.AgentClient;
import io.agentfleet.agent.client.AgentProtocol.Failed;
import io.agentfleet.agent.client.AgentProtocol.SpawnResponse;
import io.agentfleet.agent.client.AgentProtocol.Spawned;
import io.agentfleet.agentservice.failover.ManagedComponent.Placement;
import io.agentfleet.agentservice.impl.AgentDirectory;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Starts a managed component on the first of its agents that can take it. Never two instances: it
 * only ever asks an agent to spawn, and an agent spawns only after it has reserved the name in the
 * registry, which holds a lost member's names until its components have surely stopped (the fence).
 * So after a machine loss the first spawns are refused while the name is held, and are asked again
 * until the name is free or the deadline passes.
 */
final class Launcher {
  /** How long to wait before asking again while the name is held. */
  private static final Duration RETRY = Duration.ofMillis(250);

  sealed interface Outcome permits Launched, NotLaunched {}

  /**
   * @param foundRunning whether it was found running under another live agent rather than spawned
   */
  record Launched(Placement where, Location location, boolean foundRunning) implements Outcome {}

  record NotLaunched(String reason) implements Outcome {}

  private final AgentDirectory agents;
  private final LocationService locations;
  private final MemberLiveness liveness;

  Launcher(AgentDirectory agents, LocationService locations, MemberLiveness liveness) {
    this.agents = agents;
    this.locations = locations;
    this.liveness = liveness;
  }

  /**
   * @param order the agents to try, in order
   * @param lost the member the component ran in before, whose instance must not be taken for a live one
   * @param within how long to keep asking while the name is held
   */
  CompletionStage<Outcome> launch(FailoverPolicy policy, List<Prefix> order, Optional<String> lost, Duration within) {
    return attempt(policy, order, 0, lost, System.nanoTime() + within.toNanos(), "it names no agent");
  }

  private CompletionStage<Outcome> attempt(
      FailoverPolicy policy, List<Prefix> order, int index, Optional<String> lost, long deadline, String lastReason) {
    if (index >= order.size()) {
      return done(new NotLaunched(lastReason));
    }
    Prefix agent = order.get(index);
    return locations.find(AgentClient.agentConnection(agent)).thenCompose(found -> {
      Optional<String> member = found.flatMap(liveness::memberOf).filter(m -> lost.map(l -> !l.equals(m)).orElse(true));
      if (member.isEmpty()) {
        return attempt(policy, order, index + 1, lost, deadline, "agent " + agent + " is not an Up member of the cluster");
      }
      AgentClient client = agents.client(found.get());
      return client.spawnComponent(policy.kind(), policy.component(), Optional.of(policy.componentType()), policy.args())
          .thenCompose(answer -> afterSpawn(policy, order, index, lost, deadline, new Placement(agent, member.get()), answer));
    });
  }

  private CompletionStage<Outcome> afterSpawn(
      FailoverPolicy policy, List<Prefix> order, int index, Optional<String> lost, long deadline, Placement where, SpawnResponse answer) {
    if (answer instanceof Spawned spawned) {
      return done(new Launched(where, spawned.location(), false));
    }
    Failed failed = (Failed) answer;
    String reason = where.agent() + " answered " + failed.reason() + ": " + failed.message();
    if (!FailoverRules.nameStillHeld(failed.reason())) {
      return attempt(policy, order, index + 1, lost, deadline, reason);
    }
    return runningElsewhere(policy, lost).thenCompose(running -> {
      if (running.isPresent()) {
        return done(running.get());
      }
      if (System.nanoTime() > deadline) {
        return done(new NotLaunched("the name stayed taken: " + reason));
      }
      Executor later = CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS);
      return CompletableFuture.supplyAsync(() -> null, later)
          .thenCompose(retry -> attempt(policy, order, index, lost, deadline, reason));
    });
  }

  /** The component registered by a live agent other than the lost one: it already runs. */
  private CompletionStage<Optional<Outcome>> runningElsewhere(FailoverPolicy policy, Optional<String> lost) {
    return registration(policy).thenCompose(found -> {
      Optional<Prefix> agent = found.flatMap(Location::agentPrefix);
      if (agent.isEmpty()) {
        return done(Optional.<Outcome>empty());
      }
      return locations.find(AgentClient.agentConnection(agent.get())).thenApply(agentLocation -> agentLocation
          .flatMap(liveness::memberOf)
          .filter(member -> lost.map(l -> !l.equals(member)).orElse(true))
          .map(member -> (Outcome) new Launched(new Placement(agent.get(), member), found.get(), true)));
    });
  }

  /** The component's registration under its type, over any connection type. */
  CompletionStage<Optional<Location>> registration(FailoverPolicy policy) {
    List<CompletableFuture<Optional<Location>>> finds = new ArrayList<>();
    for (ConnectionType type : ConnectionType.values()) {
      finds.add(locations.find(new io.agentfleet.location.model.Connection(policy.component(), policy.componentType(), type)).toCompletableFuture());
    }
    return CompletableFuture.allOf(finds.toArray(CompletableFuture[]::new))
        .thenApply(all -> finds.stream().map(CompletableFuture::join).flatMap(Optional::stream).findFirst());
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
