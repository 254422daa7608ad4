package io.agentfleet.benchmarks;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The baseline of the Agent Service benchmark: a bare Akka HTTP server answering the same paths with
 * the same bodies, without auth, registry or agents. Usage: {@code BareRoute port statusFile agentsFile}.
 */
public final class BareRoute extends AllDirectives {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    byte[] status = Files.readAllBytes(Path.of(args[1]));
    byte[] agents = Files.readAllBytes(Path.of(args[2]));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bare",
        ConfigFactory.parseString("akka.actor.provider = local\nakka.loglevel = WARNING").withFallback(ConfigFactory.defaultReference()));
    BareRoute routes = new BareRoute();
    Route route = routes.concat(
        routes.path("post-endpoint", () -> routes.post(() -> routes.complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, status)))),
        routes.path(akka.http.javadsl.server.PathMatchers.segment("api").slash("v1").slash("agents"),
            () -> routes.get(() -> routes.complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, agents)))));
    Http.get(system).newServerAt("127.0.0.1", port).bind(route).toCompletableFuture().get();
    System.out.println("bare route on " + port);
  }
}
