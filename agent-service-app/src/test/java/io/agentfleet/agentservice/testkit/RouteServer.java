package io.agentfleet.agentservice.testkit;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Route;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** An actor system serving one route on a loopback port picked by the OS, plus a client to call it. */
public final class RouteServer implements AutoCloseable {

  private static final Config TEST_CONFIG = ConfigFactory.parseString("""
      akka {
        loglevel = INFO
        loggers = ["akka.event.slf4j.Slf4jLogger"]
        logging-filter = "akka.event.slf4j.Slf4jLoggingFilter"
        coordinated-shutdown.exit-jvm = off
      }
      """);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RouteServer(ActorSystem<Void> system, ServerBinding binding) {
    this.system = system;
    this.binding = binding;
  }

  /** Starts a system named {@code name} with {@code config} over the defaults and binds the route it makes. */
  public static RouteServer start(String name, Config config, Function<ActorSystem<Void>, Route> route) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name,
        config.withFallback(TEST_CONFIG).withFallback(ConfigFactory.load()));
    try {
      // Port 0: the OS picks a free port, so parallel builds never collide.
      ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(route.apply(system))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      return new RouteServer(system, binding);
    } catch (Exception e) {
      terminate(system);
      throw new IllegalStateException("Could not bind the test route", e);
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path);
  }

  /** GET {@code path}, with {@code Authorization: <authorization>} when given. */
  public HttpResponse<String> get(String path, Optional<String> authorization) {
    return send(request(path, authorization).GET().build());
  }

  /** POST {@code path} with an empty body, with {@code Authorization: <authorization>} when given. */
  public HttpResponse<String> post(String path, Optional<String> authorization) {
    return send(request(path, authorization).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private HttpRequest.Builder request(String path, Optional<String> authorization) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    authorization.ifPresent(value -> builder.header("Authorization", value));
    return builder;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Terminating the system below releases the port anyway.
    }
    terminate(system);
  }

  private static void terminate(ActorSystem<Void> system) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Actor system " + system.name() + " did not terminate", e);
    }
  }
}
