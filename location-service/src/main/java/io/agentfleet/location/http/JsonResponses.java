package io.agentfleet.location.http;

import io.agentfleet.location.api.LocationJson;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON responses of the HTTP API; every error has the shape {@code {"error":…,"message":…}}. */
public final class JsonResponses {
  private JsonResponses() {}

  public static HttpResponse json(StatusCode status, Object body) {
    return jsonBytes(status, LocationJson.bytes(body));
  }

  /** A response with a body already written as JSON. */
  public static HttpResponse jsonBytes(StatusCode status, byte[] json) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, json);
  }

  /** An error body: {@code error} is a short type name, {@code message} says what to do. */
  public static ObjectNode errorBody(String error, String message) {
    ObjectNode body = LocationJson.mapper().createObjectNode();
    body.put("error", error);
    body.put("message", message);
    return body;
  }

  public static HttpResponse error(StatusCode status, String error, String message) {
    return json(status, errorBody(error, message));
  }
}
