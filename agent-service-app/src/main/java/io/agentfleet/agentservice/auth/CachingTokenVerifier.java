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

  private final TokenVerifier verifier;
  private final Duration maxAge;
  private final int maxEntries;
  private final Clock clock;
  private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

  public CachingTokenVerifier(TokenVerifier verifier, Duration maxAge, int maxEntries, Clock clock) {
    this.verifier = verifier;
    this.maxAge = maxAge;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Verification> verify(String token) {
    Instant now = clock.instant();
    Remembered hit = verified.get(token);
    if (hit != null && now.isBefore(hit.until())) {
      return CompletableFuture.completedFuture(hit.verified());
    }
    return verifier.verify(token).thenApply(result -> {
      if (result instanceof Verification.Verified ok) {
        expiry(token).map(exp -> exp.isBefore(now.plus(maxAge)) ? exp : now.plus(maxAge)).ifPresent(until -> {
          if (verified.size() >= maxEntries) {
            verified.clear();
          }
          verified.put(token, new Remembered(ok, until));
        });
      } else {
        verified.remove(token);
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
