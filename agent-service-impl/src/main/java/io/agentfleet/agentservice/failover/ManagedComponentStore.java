package io.agentfleet.agentservice.failover;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.LWWMapKey;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import io.agentfleet.location.model.Prefix;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The managed components, replicated with Distributed Data so that they outlive the member the
 * decider runs on: written to a majority before a change is acknowledged, read from a majority when
 * a decider starts. Values are JSON text, so that members without this module (registry nodes,
 * agents), which hold replicas too, never need its classes.
 */
final class ManagedComponentStore {
  private static final akka.cluster.ddata.Key<LWWMap<String, String>> KEY = LWWMapKey.create("failover-managed-components");

  private final ActorSystem<?> system;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;
  private final Duration timeout;
  private final ManagedComponentJson json = new ManagedComponentJson();

  ManagedComponentStore(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
    this.timeout = timeout;
  }

  /** Every managed component a majority of replicas knows of; fails if no majority answers in time. */
  CompletionStage<Map<Prefix, ManagedComponent>> load() {
    return AskPattern.<Replicator.Command, Replicator.GetResponse<LWWMap<String, String>>>ask(
            replicator, replyTo -> new Replicator.Get<>(KEY, new Replicator.ReadMajority(timeout), replyTo), timeout.plusSeconds(1), system.scheduler())
        .thenCompose(response -> {
          Map<Prefix, ManagedComponent> loaded = new LinkedHashMap<>();
          if (response instanceof Replicator.GetSuccess<LWWMap<String, String>> success) {
            success.get(KEY).getEntries().forEach((name, text) -> {
              ManagedComponent managed = json.read(text);
              loaded.put(managed.component(), managed);
            });
            return CompletableFuture.completedFuture(loaded);
          }
          if (response instanceof Replicator.NotFound<LWWMap<String, String>>) {
            return CompletableFuture.completedFuture(loaded);
          }
          return CompletableFuture.failedFuture(new IllegalStateException("no majority of replicas answered within " + timeout.toMillis() + " ms"));
        });
  }

  /** Writes {@code managed} to a majority; completes with whether a majority took it in time. */
  CompletionStage<Boolean> save(ManagedComponent managed) {
    String text = json.write(managed);
    return update(map -> map.put(self, managed.component().toString(), text));
  }

  CompletionStage<Boolean> remove(Prefix component) {
    return update(map -> map.remove(self, component.toString()));
  }

  private CompletionStage<Boolean> update(java.util.function.Function<LWWMap<String, String>, LWWMap<String, String>> change) {
    return AskPattern.<Replicator.Command, Replicator.UpdateResponse<LWWMap<String, String>>>ask(
            replicator,
            replyTo -> new Replicator.Update<>(KEY, LWWMap.empty(), new Replicator.WriteMajority(timeout), replyTo, change),
            timeout.plusSeconds(1),
            system.scheduler())
        .handle((response, failure) -> failure == null && response instanceof Replicator.UpdateSuccess);
  }
}
