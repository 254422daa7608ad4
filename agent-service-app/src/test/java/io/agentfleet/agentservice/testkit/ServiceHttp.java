package io.agentfleet.agentservice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.location.testkit.JsonHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls a running Agent Service over HTTP, as a client with a bearer token would. */
public final class ServiceHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;

  public ServiceHttp(URI base) {
    this.base = base;
  }

  /** The service's base URL. */
  public URI base() {
    return base;
  }

  /** How long one request may take unless the caller says otherwise: longer than any spawn or kill. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

  /** {@code method path} with a JSON {@code body} (or none) and {@code token} (or none). */
  public HttpResponse<String> send(String method, String path, String body, String token) {
    return send(method, path, body, token, REQUEST_TIMEOUT);
  }

  /**
   * Like {@link #send(String, String, String, String)}, failing after {@code timeout}: a poll with a
   * deadline gives each request a share of it, so one request that hangs cannot use it all up.
   */
  public HttpResponse<String> send(String method, String path, String body, String token, Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return JsonHttp.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    }
  }

  public HttpResponse<String> post(String path, String body, String token) {
    return send("POST", path, body, token);
  }

  public HttpResponse<String> get(String path, String token) {
    return send("GET", path, null, token);
  }

  public HttpResponse<String> get(String path, String token, Duration timeout) {
    return send("GET", path, null, token, timeout);
  }

  /** The body of {@code response} as JSON; an assertion error names a body that is not. */
  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** The prefixes of the sequence components that ESW's {@code GetAgentStatus} lists under {@code agentPrefix}. */
  public static java.util.List<String> seqCompsOf(JsonNode status, String agentPrefix) {
    for (JsonNode agent : status.get("agentStatus")) {
      if (agent.get("agentId").get("prefix").asText().equals(agentPrefix)) {
        return java.util.stream.StreamSupport.stream(agent.get("seqCompsStatus").spliterator(), false)
            .map(s -> s.get("seqCompId").get("prefix").asText()).toList();
      }
    }
    return java.util.List.of();
  }
}
