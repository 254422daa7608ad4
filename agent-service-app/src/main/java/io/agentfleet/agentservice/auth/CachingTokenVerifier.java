package io.agentfleet.agentservice.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers tokens that verified, until their expiry (at most {@code maxAge}), so a client that sends
 * the same token with every request pays for the signature check once, not per request. Only
 * verified tokens are remembered; the cache is bounded and simply cleared when full. Keycloak's
 * adapter verifies offline (no revocation check) either way, so remembering a verified token until it
 * expires accepts nothing the verifier would refuse.
 */
public final class CachingTokenVerifier implements TokenVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Remembered(Verification.Verified verified, Instant until) {}

  /**
   * A token as a map key, hashed by its last characters only: a token is ~1.5 KB and arrives as a new
   * string with every request, so String.hashCode walked all of it per request (visible in the
   * profile). The tail is the signature, which differs between any two tokens Keycloak issues; equality
   * still compares the whole token.
   */
  private static final class TokenKey {
    private static final int HASHED_TAIL = 64;
    private final String token;
    private final int hash;

    TokenKey(String token) {
      this.token = token;
      int h = token.length();
      for (int i = Math.max(0, token.length() - HASHED_TAIL); i < token.length(); i++) {
        h = 31 * h + token.charAt(i);
      }
      this.hash = h;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TokenKey key && key.hash == hash && key.token.equals(token);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final TokenVerifier verifier;
  private final Duration maxAge;
  private final int maxEntries;
  private final Clock clock;
  private final Map<TokenKey, Remembered> verified = new ConcurrentHashMap<>();

  public CachingTokenVerifier(TokenVerifier verifier, Duration maxAge, int maxEntries, Clock clock) {
    this.verifier = verifier;
    this.maxAge = maxAge;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Verification> verify(String token) {
    Instant now = clock.instant();
    TokenKey key = new TokenKey(token);
    Remembered hit = verified.get(key);
    if (hit != null && now.isBefore(hit.until())) {
      return CompletableFuture.completedFuture(hit.verified());
    }
    return verifier.verify(token).thenApply(result -> {
      if (result instanceof Verification.Verified ok) {
        expiry(token).map(exp -> exp.isBefore(now.plus(maxAge)) ? exp : now.plus(maxAge)).ifPresent(until -> {
          if (verified.size() >= maxEntries) {
            verified.clear();
          }
          verified.put(key, new Remembered(ok, until));
        });
      } else {
        verified.remove(key);
      }
      return result;
    });
  }

  /** The token's {@code exp} claim; tokens without one are never remembered. */
  static Optional<Instant> expiry(String token) {
    try {
      String[] parts = token.split("\\.");
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      return claims.hasNonNull("exp") ? Optional.of(Instant.ofEpochSecond(claims.get("exp").asLong())) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
