package io.agentfleet.location.http;

import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import java.util.concurrent.CompletableFuture;
import io.agentfleet.location.csw.CswRoutes;
import io.agentfleet.location.registry.ClusterLocationService;
import io.agentfleet.location.registry.LocationRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Serves the registry's HTTP API of this member. */
public final class RegistryHttpServer {
  private RegistryHttpServer() {}

  /** Binds the API at the configured host and port; a failed bind terminates the system. */
  public static CompletionStage<ServerBinding> start(ActorSystem<?> system) {
    LocationHttpSettings settings = LocationHttpSettings.fromConfig(system.settings().config());
    ClusterLocationService locations = LocationRegistry.get(system).service();
    // CSW registers an HTTP or TCP server at the host of the location service that took it: here the
    // host other members reach this one at.
    String hostname = Cluster.get(system).selfMember().address().getHost().orElse(settings.host());
    LocationRoutes routes =
        new LocationRoutes(locations, settings, () -> HealthReport.of(system), new CswRoutes(locations, settings, hostname).route());
    akka.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>> routed = routes.route().handler(system);
    PlainFind plainFind = new PlainFind(locations::findJsonNow);
    akka.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>> handler =
        request -> plainFind.answer(request).<CompletionStage<HttpResponse>>map(CompletableFuture::completedFuture).orElseGet(() -> {
          try {
            return routed.apply(request);
          } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
          }
        });
    return Http.get(system)
        .newServerAt(settings.host(), settings.port())
        .adaptSettings(JsonParsingErrorHandler::installedIn)
        .bind(handler)
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
