package io.agentfleet.location.client;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of {@link HttpLocationService}.
 *
 * @param baseUri a registry member's HTTP API, e.g. {@code http://127.0.0.1:7654}
 * @param requestTimeout how long one request may take; longer than the registry's own ask timeout
 *     (10 s by default) so its answer, not the client's timeout, decides
 * @param reconnectDelay how long a tracking stream waits before reconnecting after it dropped
 */
public record HttpLocationClientSettings(URI baseUri, Duration requestTimeout, Duration reconnectDelay) {
  public static HttpLocationClientSettings of(URI baseUri) {
    return new HttpLocationClientSettings(baseUri, Duration.ofSeconds(15), Duration.ofSeconds(1));
  }
}
