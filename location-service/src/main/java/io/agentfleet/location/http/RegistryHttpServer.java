package io.agentfleet.location.http;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import io.agentfleet.location.registry.LocationRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Serves the registry's HTTP API of this member. */
public final class RegistryHttpServer {
  private RegistryHttpServer() {}

  /** Binds the API at the configured host and port; a failed bind terminates the system. */
  public static CompletionStage<ServerBinding> start(ActorSystem<?> system) {
    LocationHttpSettings settings = LocationHttpSettings.fromConfig(system.settings().config());
    LocationRoutes routes =
        new LocationRoutes(LocationRegistry.get(system).service(), settings, () -> HealthReport.of(system));
    return Http.get(system)
        .newServerAt(settings.host(), settings.port())
        .bind(routes.route())
        .whenComplete(
            (binding, failure) -> {
              if (failure != null) {
                system.log().error("cannot serve the registry HTTP API on {}:{}: {}", settings.host(), settings.port(), failure.getMessage());
                system.terminate();
              } else {
                system.log().info("registry HTTP API listening on http://{}:{}", binding.localAddress().getHostString(), binding.localAddress().getPort());
                binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
              }
            });
  }
}
