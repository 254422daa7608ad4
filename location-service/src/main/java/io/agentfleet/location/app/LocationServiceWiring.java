package io.agentfleet.location.app;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ServerBinding;
import com.typesafe.config.Config;
import io.agentfleet.location.http.RegistryHttpServer;
import io.agentfleet.location.node.ClusterJoin;
import io.agentfleet.location.node.ClusterNodeConfig;
import io.agentfleet.location.registry.LocationRegistry;
import java.util.concurrent.CompletionStage;

/** Builds a registry node: the actor system, the registry and its HTTP API. */
public final class LocationServiceWiring {
  private final ActorSystem<Void> system;
  private final CompletionStage<ServerBinding> binding;

  public LocationServiceWiring(Config config) {
    this.system = ActorSystem.create(Behaviors.empty(), ClusterNodeConfig.SYSTEM_NAME, config);
    ClusterJoin.joinSeedsOrSelf(system);
    LocationRegistry.get(system);
    this.binding = RegistryHttpServer.start(system);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public CompletionStage<ServerBinding> binding() {
    return binding;
  }

  /** Completes once this node is Up; fails naming the seeds after {@code location-service.join-timeout}. */
  public CompletionStage<Void> joined() {
    return ClusterJoin.awaitUp(system, system.settings().config().getDuration("location-service.join-timeout"));
  }
}
