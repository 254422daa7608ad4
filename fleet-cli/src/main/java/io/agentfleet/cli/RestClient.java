package io.agentfleet.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.api.ErrorBody;
import io.agentfleet.agentservice.api.client.AgentServiceClientSettings;
import io.agentfleet.agentservice.api.client.AgentServiceException;
import io.agentfleet.agentservice.api.rest.AgentView;
import io.agentfleet.agentservice.api.rest.ComponentLogView;
import io.agentfleet.agentservice.api.rest.RestCodecs;
import io.agentfleet.agentservice.api.rest.RestSpawnRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The Agent Service's REST API ({@code /api/v1}) for the CLI. A non-2xx answer is an
 * {@link AgentServiceException} with the server's error and message; a failure to connect is the
 * {@code java.net.http} exception.
 */
public final class RestClient {
  private final HttpClient http;
  private final AgentServiceClientSettings settings;
  private final String bearerToken;
  private final RestCodecs codecs = new RestCodecs();
  private final ObjectMapper mapper = RestCodecs.newObjectMapper();

  public RestClient(HttpClient http, AgentServiceClientSettings settings, String bearerToken) {
    this.http = http;
    this.settings = settings;
    this.bearerToken = bearerToken;
  }

  /** {@code GET /api/v1/agents}. */
  public List<AgentView> agents() throws IOException, InterruptedException {
    return mapper.readValue(send("GET", "agents", null), new TypeReference<List<AgentView>>() {});
  }

  /** {@code POST /api/v1/agents/{agent}/components}; the new component's location. */
  public JsonNode spawn(String agentPrefix, RestSpawnRequest request) throws IOException, InterruptedException {
    return mapper.readTree(send("POST", "agents/" + encode(agentPrefix) + "/components", codecs.write(request)));
  }

  /** {@code GET /api/v1/audit?limit=N}: the latest audit entries, oldest first. */
  public List<JsonNode> audit(int limit) throws IOException, InterruptedException {
    return mapper.readValue(send("GET", "audit?limit=" + limit, null), new TypeReference<List<JsonNode>>() {});
  }

  /** {@code GET /api/v1/managed-components}: every managed component with its placement and history. */
  public List<JsonNode> managedComponents() throws IOException, InterruptedException {
    return mapper.readValue(send("GET", "managed-components", null), new TypeReference<List<JsonNode>>() {});
  }

  /** {@code GET /api/v1/managed-components/{prefix}}: one managed component. */
  public JsonNode managedComponent(String prefix) throws IOException, InterruptedException {
    return mapper.readTree(send("GET", "managed-components/" + encode(prefix), null));
  }

  /** {@code DELETE /api/v1/components/{id}}; {@code {"killed": connection}}. */
  public JsonNode kill(String componentId) throws IOException, InterruptedException {
    return mapper.readTree(send("DELETE", "components/" + encode(componentId), null));
  }

  /** {@code GET /api/v1/components/{id}/logs?lines=N}: the last lines of the component's log. */
  public ComponentLogView logTail(String componentId, int lines, Optional<String> agent) throws IOException, InterruptedException {
    return log(componentId, "lines=" + lines, agent);
  }

  /** {@code GET /api/v1/components/{id}/logs?offset=O}: what the component's log holds after byte O. */
  public ComponentLogView logFrom(String componentId, long offset, Optional<String> agent) throws IOException, InterruptedException {
    return log(componentId, "offset=" + offset, agent);
  }

  private ComponentLogView log(String componentId, String query, Optional<String> agent) throws IOException, InterruptedException {
    String agentQuery = agent.map(a -> "&agent=" + encode(a)).orElse("");
    return mapper.readValue(send("GET", "components/" + encode(componentId) + "/logs?" + query + agentQuery, null), ComponentLogView.class);
  }

  /** {@code POST /api/v1/provisions/plan} with a provision file; what would start, stop and stay. */
  public JsonNode planProvision(byte[] file) throws IOException, InterruptedException {
    return mapper.readTree(send("POST", "provisions/plan", file));
  }

  /** {@code POST /api/v1/provisions} with a provision file; the job just started. */
  public JsonNode applyProvision(byte[] file) throws IOException, InterruptedException {
    return mapper.readTree(send("POST", "provisions", file));
  }

  /** {@code GET /api/v1/provisions/{id}}: the job's progress, or its results once it ended. */
  public JsonNode provisionJob(String id) throws IOException, InterruptedException {
    return mapper.readTree(send("GET", "provisions/" + encode(id), null));
  }

  private byte[] send(String method, String path, byte[] body) throws IOException, InterruptedException {
    String base = settings.baseUri().toString();
    URI uri = URI.create((base.endsWith("/") ? base : base + "/") + "api/v1/" + path);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(settings.requestTimeout())
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + bearerToken)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      throw errorOf(response.statusCode(), response.body());
    }
    return response.body();
  }

  private AgentServiceException errorOf(int status, byte[] body) {
    try {
      // A failed spawn carries exitCode and logTail besides error and message: read just those two.
      JsonNode json = mapper.readTree(body);
      ErrorBody error = new ErrorBody(json.path("error").asText("HTTP " + status), json.path("message").asText(""));
      String tail = json.has("logTail") ? "\n" + String.join("\n", mapper.convertValue(json.get("logTail"), new TypeReference<List<String>>() {})) : "";
      return new AgentServiceException(status, error.error(), error.message() + tail);
    } catch (IOException | IllegalArgumentException notJson) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      return new AgentServiceException(status, "HTTP " + status, text.isEmpty() ? "(empty body)" : text.substring(0, Math.min(500, text.length())));
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
