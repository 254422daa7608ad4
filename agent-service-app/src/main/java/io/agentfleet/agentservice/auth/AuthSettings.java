package io.agentfleet.agentservice.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Settings of bearer-token authentication, read once from {@code agent-service.auth}.
 *
 * @param disabled                 serve every request as an anonymous operator (test benches only)
 * @param keycloakUrl              base URL of the Keycloak server (no {@code /realms/...})
 * @param realm                    realm whose tokens are accepted
 * @param clientId                 this service's client id; its client roles count like realm roles
 * @param operatorRole             role needed for calls that change things
 * @param viewerRole               role needed for read-only calls
 * @param keyFetchTimeout          connect and read timeout of each call to Keycloak
 * @param verifyTimeout            bound on verifying one token, waits for Keycloak included
 * @param minTimeBetweenKeyFetches least time between two downloads of the realm's signing keys
 * @param verifiedTokenCacheTime how long a verified token is remembered (never past its expiry)
 */
public record AuthSettings(
    boolean disabled,
    URI keycloakUrl,
    String realm,
    String clientId,
    String operatorRole,
    String viewerRole,
    Duration keyFetchTimeout,
    Duration verifyTimeout,
    Duration minTimeBetweenKeyFetches,
    Duration verifiedTokenCacheTime) {

  /** Config path of this section. */
  public static final String CONFIG_PATH = "agent-service.auth";

  /** Config path of the dispatcher that token verification runs on. */
  public static final String BLOCKING_DISPATCHER = CONFIG_PATH + ".blocking-dispatcher";

  public AuthSettings {
    requireText("realm", realm);
    requireText("client-id", clientId);
    requireText("operator-role", operatorRole);
    requireText("viewer-role", viewerRole);
    requirePositive("key-fetch-timeout", keyFetchTimeout);
    requirePositive("verify-timeout", verifyTimeout);
    requirePositive("min-time-between-key-fetches", minTimeBetweenKeyFetches);
    requirePositive("verified-token-cache-time", verifiedTokenCacheTime);
    if (keycloakUrl == null || !keycloakUrl.isAbsolute() || keycloakUrl.getHost() == null
        || !("http".equals(keycloakUrl.getScheme()) || "https".equals(keycloakUrl.getScheme()))) {
      throw new IllegalArgumentException(
          "keycloak-url must be an absolute http(s) URL such as http://127.0.0.1:8081, got: " + keycloakUrl);
    }
  }

  /**
   * Reads {@code agent-service.auth} from the full config (e.g. {@code system.settings().config()}).
   *
   * @throws ConfigException when a key is missing or has a value that cannot work
   */
  public static AuthSettings fromConfig(Config root) {
    Config c = root.getConfig(CONFIG_PATH);
    try {
      return new AuthSettings(
          c.getBoolean("disabled"),
          parseUrl(c),
          c.getString("realm"),
          c.getString("client-id"),
          c.getString("operator-role"),
          c.getString("viewer-role"),
          c.getDuration("key-fetch-timeout"),
          c.getDuration("verify-timeout"),
          c.getDuration("min-time-between-key-fetches"),
          c.getDuration("verified-token-cache-time"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(c.origin(), CONFIG_PATH, e.getMessage(), e);
    }
  }

  /** Role names of which a caller needs at least one for a call that requires {@code required}. */
  public List<String> rolesSatisfying(Role required) {
    return switch (required) {
      case OPERATOR -> List.of(operatorRole);
      // An operator may do everything a viewer may.
      case VIEWER -> List.of(viewerRole, operatorRole);
    };
  }

  /** Whether a caller holding {@code granted} may make a call that requires {@code required}. */
  public boolean grants(Set<String> granted, Role required) {
    return rolesSatisfying(required).stream().anyMatch(granted::contains);
  }

  private static URI parseUrl(Config c) {
    String raw = c.getString("keycloak-url");
    try {
      return new URI(raw.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("keycloak-url is not a URL: " + raw, e);
    }
  }

  private static void requireText(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " must not be empty");
    }
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(key + " must be a positive duration, got: " + value);
    }
  }
}
