package io.agentfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@link TokenEndpoint} over HTTP against Keycloak's {@code /protocol/openid-connect/token}. */
public final class KeycloakTokenEndpoint implements TokenEndpoint {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();

  public KeycloakTokenEndpoint(HttpClient http) {
    this.http = http;
  }

  /** The token endpoint of a realm, from its URL such as {@code http://host:8081/realms/TMT}. */
  public static URI of(URI realmUrl) {
    String base = realmUrl.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "protocol/openid-connect/token");
  }

  @Override
  public TokenGrant password(URI endpoint, String clientId, String user, String password) {
    return grant(endpoint, form("grant_type", "password", "client_id", clientId, "username", user, "password", password));
  }

  @Override
  public TokenGrant clientCredentials(URI endpoint, String clientId, String clientSecret) {
    return grant(endpoint, form("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret));
  }

  @Override
  public TokenGrant refresh(URI endpoint, String clientId, String refreshToken) {
    return grant(endpoint, form("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken));
  }

  @Override
  public void logout(URI endpoint, String clientId, String refreshToken) {
    URI logout = URI.create(endpoint.toString().replaceFirst("/token$", "/logout"));
    send(logout, form("client_id", clientId, "refresh_token", refreshToken));
  }

  private TokenGrant grant(URI endpoint, String form) {
    HttpResponse<String> response = send(endpoint, form);
    JsonNode body = json(response.body());
    if (response.statusCode() == 400 || response.statusCode() == 401) {
      // invalid_grant (wrong password, expired refresh token), invalid_client, unauthorized_client …
      throw CliFailure.notAuthenticated("login refused by " + endpoint.getHost() + ":" + endpoint.getPort() + ": "
          + text(body, "error_description").or(() -> text(body, "error")).orElse("HTTP " + response.statusCode()));
    }
    if (response.statusCode() != 200) {
      throw new CliFailure(ExitCode.REFUSED, "no token from " + endpoint + ": HTTP " + response.statusCode()
          + (response.statusCode() == 404 ? " (is the realm URL right?)" : ""));
    }
    String accessToken = text(body, "access_token").orElseThrow(() ->
        new CliFailure(ExitCode.REFUSED, "the answer of " + endpoint + " has no access_token"));
    return new TokenGrant(accessToken, Duration.ofSeconds(body.path("expires_in").asLong(60)),
        text(body, "refresh_token"),
        body.path("refresh_expires_in").asLong(0) > 0 ? Optional.of(Duration.ofSeconds(body.path("refresh_expires_in").asLong())) : Optional.empty());
  }

  private HttpResponse<String> send(URI endpoint, String form) {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliFailure(ExitCode.UNREACHABLE, "cannot reach Keycloak at " + endpoint.getHost() + ":" + endpoint.getPort()
          + ": " + Failures.of(e).getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCode.UNREACHABLE, "interrupted while waiting for Keycloak");
    }
  }

  private JsonNode json(String body) {
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      return mapper.createObjectNode();
    }
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    return node == null || !node.isTextual() || node.asText().isBlank() ? Optional.empty() : Optional.of(node.asText());
  }

  static String form(String... pairs) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.put(pairs[i], pairs[i + 1]);
    }
    return fields.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
