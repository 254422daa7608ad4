package io.agentfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginSessionTest {
  private static final URI ENDPOINT = URI.create("http://kc/realms/TMT/protocol/openid-connect/token");
  private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

  @TempDir Path home;

  /** Hands out numbered tokens on refresh and remembers which refresh tokens it saw. */
  private static final class CountingEndpoint implements TokenEndpoint {
    final List<String> refreshedWith = new ArrayList<>();

    @Override
    public TokenGrant password(URI endpoint, String clientId, String user, String password) {
      throw new AssertionError("not expected");
    }

    @Override
    public TokenGrant clientCredentials(URI endpoint, String clientId, String clientSecret) {
      throw new AssertionError("not expected");
    }

    @Override
    public TokenGrant refresh(URI endpoint, String clientId, String refreshToken) {
      refreshedWith.add(refreshToken);
      int n = refreshedWith.size();
      return new TokenGrant("access-" + n, Duration.ofMinutes(5), Optional.of("refresh-" + n), Optional.of(Duration.ofMinutes(30)));
    }

    @Override
    public void logout(URI endpoint, String clientId, String refreshToken) {}
  }

  private final CountingEndpoint endpoint = new CountingEndpoint();

  private LoginSession session() {
    return new LoginSession(new TokenCache(home), endpoint, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void keep(Duration accessLeft, Optional<String> refresh, Duration refreshLeft) {
    new TokenCache(home).write(new StoredToken("operator", ENDPOINT, "cli", "access-0", NOW.plus(accessLeft), refresh,
        refresh.map(r -> NOW.plus(refreshLeft))));
  }

  @Test
  void aTokenWithTimeLeftIsUsedAsItIs() {
    keep(Duration.ofMinutes(4), Optional.of("refresh-0"), Duration.ofMinutes(30));
    assertEquals("access-0", session().accessToken(Optional.empty()));
    assertEquals(List.of(), endpoint.refreshedWith);
  }

  @Test
  void aTokenAboutToExpireIsRefreshedAndTheRefreshIsKept() {
    keep(LoginSession.REFRESH_MARGIN.minusSeconds(1), Optional.of("refresh-0"), Duration.ofMinutes(30));
    assertEquals("access-1", session().accessToken(Optional.of("operator")));
    assertEquals("access-1", session().accessToken(Optional.empty()), "the refreshed token is kept and used next time");
    assertEquals(List.of("refresh-0"), endpoint.refreshedWith);
    assertEquals(Optional.of("refresh-1"), new TokenCache(home).read("operator").orElseThrow().refreshToken());
  }

  @Test
  void anExpiredLoginWithoutARefreshTokenNeedsANewLogin() {
    keep(Duration.ofSeconds(-1), Optional.empty(), Duration.ZERO);
    CliFailure failure = assertThrows(CliFailure.class, () -> session().accessToken(Optional.empty()));
    assertEquals(ExitCode.NOT_AUTHENTICATED, failure.exitCode());
  }

  @Test
  void anExpiredRefreshTokenNeedsANewLogin() {
    keep(Duration.ofSeconds(-1), Optional.of("refresh-0"), Duration.ofSeconds(-1));
    assertEquals(ExitCode.NOT_AUTHENTICATED, assertThrows(CliFailure.class, () -> session().accessToken(Optional.empty())).exitCode());
    assertEquals(List.of(), endpoint.refreshedWith);
  }

  @Test
  void withoutAnyLoginTheCommandIsNotAuthenticated() {
    assertEquals(ExitCode.NOT_AUTHENTICATED, assertThrows(CliFailure.class, () -> session().accessToken(Optional.empty())).exitCode());
    assertEquals(ExitCode.NOT_AUTHENTICATED, assertThrows(CliFailure.class, () -> session().accessToken(Optional.of("viewer"))).exitCode());
  }
}
