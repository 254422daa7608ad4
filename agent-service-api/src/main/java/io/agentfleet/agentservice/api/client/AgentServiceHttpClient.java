package io.agentfleet.agentservice.api.client;

import io.agentfleet.agentservice.api.AgentServiceApi;
import io.agentfleet.agentservice.api.ErrorBody;
import io.agentfleet.agentservice.api.protocol.AgentServiceCodecs;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.GetAgentStatus;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.KillComponent;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.Provision;
import io.agentfleet.agentservice.api.protocol.ProvisionConfig;
import io.agentfleet.agentservice.api.protocol.ProvisionResponse;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.SpawnComponent;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.SpawnSequenceComponent;
import io.agentfleet.agentservice.api.protocol.AgentServiceRequest.SpawnSequenceManager;
import io.agentfleet.agentservice.api.protocol.AgentStatusResponse;
import io.agentfleet.agentservice.api.protocol.ComponentIdDto;
import io.agentfleet.agentservice.api.protocol.KillResponse;
import io.agentfleet.agentservice.api.protocol.SpawnResponse;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link AgentServiceApi} over HTTP: each call is one {@code POST /post-endpoint} with the ESW JSON.
 *
 * <p>A non-2xx answer, or a 2xx answer that is not valid JSON for the call, completes the stage with
 * an {@link AgentServiceException}; connection failures and timeouts complete it with the
 * {@code java.net.http} exception.
 */
public final class AgentServiceHttpClient implements AgentServiceApi {

  /** Enough of an unexpected body to recognise it, little enough to keep a log line readable. */
  private static final int MAX_BODY_IN_MESSAGE = 500;

  private final HttpClient http;
  private final AgentServiceClientSettings settings;
  private final Supplier<Optional<String>> bearerToken;
  private final AgentServiceCodecs codecs = new AgentServiceCodecs();

  /**
   * @param bearerToken asked once per call, so a refreshed token is picked up; empty sends no
   *     {@code Authorization} header
   */
  public AgentServiceHttpClient(
      HttpClient http, AgentServiceClientSettings settings, Supplier<Optional<String>> bearerToken) {
    this.http = http;
    this.settings = settings;
    this.bearerToken = bearerToken;
  }

  /** A client with its own {@link HttpClient}. */
  public static AgentServiceHttpClient create(
      AgentServiceClientSettings settings, Supplier<Optional<String>> bearerToken) {
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        // The service runs with HTTP/2 off; asking for it would only add an h2c upgrade attempt per call.
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    return new AgentServiceHttpClient(http, settings, bearerToken);
  }

  @Override
  public CompletionStage<SpawnResponse> spawnSequenceComponent(
      String agentPrefix, String componentName, Optional<String> version, boolean simulation) {
    return post(() -> new SpawnSequenceComponent(agentPrefix, componentName, version, simulation),
        codecs::readSpawnResponse);
  }

  @Override
  public CompletionStage<SpawnResponse> spawnSequenceManager(
      String agentPrefix, String obsModeConfigPath, boolean isConfigLocal, Optional<String> version, boolean simulation) {
    return post(() -> new SpawnSequenceManager(agentPrefix, obsModeConfigPath, isConfigLocal, version, simulation),
        codecs::readSpawnResponse);
  }

  @Override
  public CompletionStage<SpawnResponse> spawnComponent(
      String agentPrefix, String kind, String prefix, String componentType, List<String> args) {
    return post(() -> new SpawnComponent(agentPrefix, kind, prefix, componentType, args), codecs::readSpawnResponse);
  }

  @Override
  public CompletionStage<KillResponse> killComponent(ComponentIdDto componentId) {
    return post(() -> new KillComponent(componentId), codecs::readKillResponse);
  }

  @Override
  public CompletionStage<AgentStatusResponse> getAgentStatus() {
    return post(GetAgentStatus::new, codecs::readAgentStatusResponse);
  }

  @Override
  public CompletionStage<ProvisionResponse> provision(ProvisionConfig config) {
    return post(() -> new Provision(config), codecs::readProvisionResponse);
  }

  /**
   * The request is built inside, so that invalid arguments and a failing token supplier fail the
   * stage rather than throw at the caller.
   */
  private <T> CompletionStage<T> post(Supplier<AgentServiceRequest> request, Function<byte[], T> decode) {
    HttpRequest httpRequest;
    try {
      httpRequest = httpRequest(request.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(response -> decode(response, decode));
  }

  private HttpRequest httpRequest(AgentServiceRequest request) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(settings.postEndpoint())
        .timeout(settings.requestTimeout())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(codecs.writeRequest(request)));
    bearerToken.get().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
    return builder.build();
  }

  private <T> T decode(HttpResponse<byte[]> response, Function<byte[], T> decode) {
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw errorOf(status, response.body());
    }
    try {
      return decode.apply(response.body());
    } catch (IllegalArgumentException e) {
      throw new AgentServiceException(status, "InvalidResponse", e.getMessage());
    }
  }

  private AgentServiceException errorOf(int status, byte[] body) {
    try {
      ErrorBody error = codecs.readErrorBody(body);
      return new AgentServiceException(status, error.error(), error.message());
    } catch (IllegalArgumentException notAnErrorBody) {
      // A proxy or a server bug can answer with anything; show the start of it.
      String text = new String(body, StandardCharsets.UTF_8);
      String shown = text.isBlank()
          ? "(empty body)"
          : text.length() > MAX_BODY_IN_MESSAGE ? text.substring(0, MAX_BODY_IN_MESSAGE) + "…" : text;
      return new AgentServiceException(status, "HTTP " + status, shown);
    }
  }
}
