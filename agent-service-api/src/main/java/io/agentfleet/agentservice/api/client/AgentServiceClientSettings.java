package io.agentfleet.agentservice.api.client;

import static io.agentfleet.agentservice.api.RequiredField.value;

import io.agentfleet.agentservice.api.InvalidFieldException;
import java.net.URI;
import java.time.Duration;

/**
 * Where the Agent Service is and how long to wait for it.
 *
 * @param baseUri e.g. {@code http://host:4000}; requests go to {@code <baseUri>/post-endpoint}
 * @param requestTimeout per call, from sending the request to the end of the response; must be longer
 *     than the agent's own spawn deadline, or a slow but successful spawn is reported as a timeout
 * @param connectTimeout for opening a connection
 */
public record AgentServiceClientSettings(URI baseUri, Duration requestTimeout, Duration connectTimeout) {

  /** Longer than the agent's default registration deadline, so that a spawn can finish. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  public AgentServiceClientSettings {
    baseUri = value(baseUri, "baseUri");
    requestTimeout = positive(requestTimeout, "requestTimeout");
    connectTimeout = positive(connectTimeout, "connectTimeout");
  }

  /** Settings with the default timeouts. */
  public static AgentServiceClientSettings of(URI baseUri) {
    return new AgentServiceClientSettings(baseUri, DEFAULT_REQUEST_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
  }

  /** The address of {@code POST /post-endpoint}, whether or not {@code baseUri} ends with a slash. */
  public URI postEndpoint() {
    String base = baseUri.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "post-endpoint");
  }

  private static Duration positive(Duration duration, String field) {
    if (value(duration, field).isNegative() || duration.isZero()) {
      throw new InvalidFieldException(field, "must be positive but was " + duration);
    }
    return duration;
  }
}
