package io.agentfleet.location.http;

import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.InvalidNameException;
import io.agentfleet.location.registry.ClusterLocationService;
import java.util.Optional;
import java.util.function.Function;

/**
 * The registry's hottest request, a plain {@code GET /api/v1/locations/{name}} (no {@code wait},
 * no {@code consistency}), answered from this node's view before the route tree sees it: the same
 * answer the routes give (they serve it too, for requests this class leaves to them), without
 * building and walking the directives, the parameter lookups and the future each request costs
 * there. Anything else, a name that does not parse included (the routes answer 400 with the
 * reason), is left to the routes.
 */
final class PlainFind {
  private static final String PATH = "/api/v1/locations/";

  private final Function<Connection, Optional<byte[]>> findJson;

  /** {@code findJson} answers on the caller's thread with the location's JSON ({@link ClusterLocationService#findJsonNow}). */
  PlainFind(Function<Connection, Optional<byte[]>> findJson) {
    this.findJson = findJson;
  }

  /** The answer to {@code request} if it is a plain find; empty for every other request. */
  Optional<HttpResponse> answer(HttpRequest request) {
    if (!request.method().equals(HttpMethods.GET) || request.getUri().rawQueryString().isPresent()) {
      return Optional.empty();
    }
    String path = request.getUri().path();
    if (!path.startsWith(PATH) || path.indexOf('/', PATH.length()) >= 0 || path.length() == PATH.length()) {
      return Optional.empty();
    }
    Connection connection;
    try {
      connection = Connection.parse(path.substring(PATH.length()));
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    return Optional.of(
        findJson.apply(connection)
            .map(json -> JsonResponses.jsonBytes(StatusCodes.OK, json))
            .orElseGet(() -> LocationResponses.notFound(connection)));
  }
}
