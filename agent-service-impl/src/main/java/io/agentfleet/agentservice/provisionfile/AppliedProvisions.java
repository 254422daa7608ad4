package io.agentfleet.agentservice.provisionfile;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.LWWMapKey;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The file each named provision was last applied with: how a later file knows what the provision
 * placed and may stop. Replicated with Distributed Data (read and written with a majority), so it
 * outlives the member that applied it. Values are the files' own JSON text, so the members holding
 * replicas (registry nodes, agents) need no classes of this module.
 */
final class AppliedProvisions {
  private static final akka.cluster.ddata.Key<LWWMap<String, String>> KEY = LWWMapKey.create("applied-provision-files");

  private final ActorSystem<?> system;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;
  private final Duration timeout;

  AppliedProvisions(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
    this.timeout = timeout;
  }

  /** The provision's last applied file, if it was ever applied; fails if no majority answers in time. */
  CompletionStage<Optional<ProvisionFile>> last(String provision) {
    return AskPattern.<Replicator.Command, Replicator.GetResponse<LWWMap<String, String>>>ask(
            replicator, replyTo -> new Replicator.Get<>(KEY, new Replicator.ReadMajority(timeout), replyTo), timeout.plusSeconds(1), system.scheduler())
        .thenCompose(response -> {
          if (response instanceof Replicator.GetSuccess<LWWMap<String, String>> success) {
            String text = success.get(KEY).getEntries().get(provision);
            return CompletableFuture.completedFuture(Optional.ofNullable(text).map(ProvisionFile::parse));
          }
          if (response instanceof Replicator.NotFound<LWWMap<String, String>>) {
            return CompletableFuture.completedFuture(Optional.<ProvisionFile>empty());
          }
          return CompletableFuture.failedFuture(new IllegalStateException(
              "the provisions' record could not be read: no majority of replicas answered within " + timeout.toMillis() + " ms"));
        });
  }

  /** Records {@code file} as its provision's; completes with whether a majority took it in time. */
  CompletionStage<Boolean> record(ProvisionFile file) {
    String text = file.render();
    return AskPattern.<Replicator.Command, Replicator.UpdateResponse<LWWMap<String, String>>>ask(
            replicator,
            replyTo -> new Replicator.Update<>(KEY, LWWMap.empty(), new Replicator.WriteMajority(timeout), replyTo,
                map -> map.put(self, file.name(), text)),
            timeout.plusSeconds(1),
            system.scheduler())
        .handle((response, failure) -> failure == null && response instanceof Replicator.UpdateSuccess);
  }
}
