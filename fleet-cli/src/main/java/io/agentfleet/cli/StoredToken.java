package io.agentfleet.cli;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A login as the token cache keeps it: the tokens, when they expire, and where to refresh them.
 *
 * @param identity the user name (password grant) or client id (client credentials) it was issued to
 * @param tokenEndpoint the realm's token endpoint the tokens came from, where they are refreshed
 * @param clientId the client that asked for them; a refresh must name the same one
 * @param refreshToken absent for client credentials, whose tokens cannot be refreshed
 */
public record StoredToken(
    String identity,
    URI tokenEndpoint,
    String clientId,
    String accessToken,
    Instant expiresAt,
    Optional<String> refreshToken,
    Optional<Instant> refreshExpiresAt) {

  public StoredToken {
    refreshToken = refreshToken == null ? Optional.empty() : refreshToken;
    refreshExpiresAt = refreshExpiresAt == null ? Optional.empty() : refreshExpiresAt;
  }

  /** The login {@code grant} makes, as of {@code now}. */
  public static StoredToken of(String identity, URI tokenEndpoint, String clientId, TokenGrant grant, Instant now) {
    return new StoredToken(identity, tokenEndpoint, clientId, grant.accessToken(), now.plus(grant.expiresIn()),
        grant.refreshToken(), grant.refreshExpiresIn().map(now::plus));
  }

  /** True while the access token is good for at least {@code margin} more. */
  public boolean usableFor(Duration margin, Instant now) {
    return expiresAt.minus(margin).isAfter(now);
  }

  /** True when there is a refresh token that has not expired at {@code now}. */
  public boolean refreshable(Instant now) {
    // Keycloak says 0 for "offline" refresh tokens that do not expire by time; those arrive as absent.
    return refreshToken.isPresent() && refreshExpiresAt.map(now::isBefore).orElse(true);
  }
}
