package io.agentfleet.location.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.HttpEntity;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainFindTest {
  private static final Connection REGISTERED = Connection.parse("ESW.found-Service-http");
  private static final Location LOCATION = new Location(REGISTERED, URI.create("http://127.0.0.1:1/"), Map.of("PID", "7"));
  private final PlainFind plainFind =
      new PlainFind(c -> c.equals(REGISTERED) ? Optional.of(io.agentfleet.location.api.LocationJson.bytes(LOCATION)) : Optional.empty());

  private static String body(HttpResponse response) {
    return new String(((HttpEntity.Strict) response.entity()).getData().toArray(), StandardCharsets.UTF_8);
  }

  @Test
  void aRegisteredNameIsAnsweredWithItsLocationAsTheRoutesWriteIt() {
    HttpResponse found = plainFind.answer(HttpRequest.GET("/api/v1/locations/ESW.found-Service-http")).orElseThrow();
    assertEquals(200, found.status().intValue());
    assertEquals(body(JsonResponses.json(akka.http.javadsl.model.StatusCodes.OK, LOCATION)), body(found));
    assertEquals("application/json", found.entity().getContentType().mediaType().toString());
  }

  @Test
  void anUnknownNameIsNotFoundAsTheRoutesSay() {
    Connection missing = Connection.parse("ESW.missing-Service-http");
    HttpResponse answer = plainFind.answer(HttpRequest.GET("/api/v1/locations/ESW.missing-Service-http")).orElseThrow();
    assertEquals(404, answer.status().intValue());
    assertEquals(body(LocationResponses.notFound(missing)), body(answer));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/v1/locations/ESW.found-Service-http?wait=2s",
      "/api/v1/locations/ESW.found-Service-http?consistency=majority",
      "/api/v1/locations/",
      "/api/v1/locations",
      "/api/v1/locations/ESW.found-Service-http/lease",
      "/api/v1/locations/not-a-name",
      "/health",
      "/api/v1/events"})
  void everyOtherRequestIsLeftToTheRoutes(String path) {
    assertTrue(plainFind.answer(HttpRequest.GET(path)).isEmpty(), path);
  }

  @Test
  void otherMethodsAreLeftToTheRoutes() {
    assertTrue(plainFind.answer(HttpRequest.create("/api/v1/locations/ESW.found-Service-http").withMethod(HttpMethods.DELETE)).isEmpty());
    assertTrue(plainFind.answer(HttpRequest.POST("/api/v1/locations/ESW.found-Service-http")).isEmpty());
  }
}
