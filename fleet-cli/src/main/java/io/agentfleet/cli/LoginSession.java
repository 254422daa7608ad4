package io.agentfleet.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The access token a command sends: the cached login of the chosen (or last) identity, refreshed
 * with its refresh token when it is about to expire.
 */
public final class LoginSession {
  /** Longer than one command takes, so a token does not expire between this check and the service's. */
  static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);

  private final TokenCache cache;
  private final TokenEndpoint endpoint;
  private final Clock clock;

  public LoginSession(TokenCache cache, TokenEndpoint endpoint, Clock clock) {
    this.cache = cache;
    this.endpoint = endpoint;
    this.clock = clock;
  }

  /** A usable access token of {@code identity}, or of the last login when it is empty. */
  public String accessToken(Optional<String> identity) {
    String who = identity.or(cache::current).orElseThrow(() ->
        CliFailure.notAuthenticated("not logged in: run `login` first"));
    StoredToken token = cache.read(who).orElseThrow(() ->
        CliFailure.notAuthenticated("no login of '" + who + "' is kept: run `login` first"));
    if (token.usableFor(REFRESH_MARGIN, clock.instant())) {
      return token.accessToken();
    }
    if (!token.refreshable(clock.instant())) {
      throw CliFailure.notAuthenticated("the login of '" + who + "' has expired: run `login` again");
    }
    TokenGrant grant = endpoint.refresh(token.tokenEndpoint(), token.clientId(), token.refreshToken().orElseThrow());
    StoredToken refreshed = StoredToken.of(who, token.tokenEndpoint(), token.clientId(), grant, clock.instant());
    cache.update(refreshed);
    return refreshed.accessToken();
  }
}
