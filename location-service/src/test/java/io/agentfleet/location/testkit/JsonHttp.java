package io.agentfleet.location.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain JSON calls over real HTTP for tests. */
public final class JsonHttp {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A response: status, the body parsed as JSON (null when empty) and the raw body. */
  public record Reply(int status, JsonNode json, String body) {}

  private JsonHttp() {}

  public static HttpClient client() {
    return HTTP;
  }

  public static Reply send(URI base, String method, String path, String body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? null : MAPPER.readTree(response.body());
      return new Reply(response.statusCode(), json, response.body());
    } catch (Exception e) {
      throw new AssertionError(method + " " + base.resolve(path) + " failed: " + e, e);
    }
  }
}
