package io.agentfleet.agentservice.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingTokenVerifierTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  /** Counts calls; its answer is whatever the test sets. */
  private static final class CountingVerifier implements TokenVerifier {
    final AtomicInteger calls = new AtomicInteger();
    Verification answer = new Verification.Verified("sub", "operator", Set.of("esw-user"));

    @Override
    public CompletionStage<Verification> verify(String token) {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture(answer);
    }
  }

  private static String tokenExpiringAt(Instant exp) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(("{\"exp\":" + exp.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8)) + ".sig";
  }

  private static Verification await(CompletionStage<Verification> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void aVerifiedTokenIsCheckedOnceUntilItExpires() {
    CountingVerifier inner = new CountingVerifier();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    CachingTokenVerifier caching = new CachingTokenVerifier(inner, Duration.ofSeconds(60), 100, clock);
    String token = tokenExpiringAt(NOW.plusSeconds(30));
    assertInstanceOf(Verification.Verified.class, await(caching.verify(token)));
    assertInstanceOf(Verification.Verified.class, await(caching.verify(token)));
    assertEquals(1, inner.calls.get());

    CachingTokenVerifier later = new CachingTokenVerifier(inner, Duration.ofSeconds(60), 100, Clock.offset(clock, Duration.ofSeconds(31)));
    inner.answer = new Verification.Rejected("expired");
    assertInstanceOf(Verification.Rejected.class, await(later.verify(token)), "an expired token is checked again");
  }

  @Test
  void aTokenThatDiffersOnlyBeforeItsSignatureIsCheckedItself() {
    CountingVerifier inner = new CountingVerifier();
    CachingTokenVerifier caching = new CachingTokenVerifier(inner, Duration.ofSeconds(60), 100, Clock.fixed(NOW, ZoneOffset.UTC));
    String signature = "s".repeat(342);
    String genuine = tokenExpiringAt(NOW.plusSeconds(30)) + signature;
    await(caching.verify(genuine));

    inner.answer = new Verification.Rejected("token signature is invalid");
    String tampered = tokenExpiringAt(NOW.plusSeconds(3600)) + signature;
    assertInstanceOf(Verification.Rejected.class, await(caching.verify(tampered)));
    assertEquals(2, inner.calls.get());
  }

  @Test
  void rememberedNoLongerThanMaxAgeAndRejectionsNeverRemembered() {
    CountingVerifier inner = new CountingVerifier();
    Instant[] now = {NOW};
    Clock clock = new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now[0]; }
    };
    CachingTokenVerifier caching = new CachingTokenVerifier(inner, Duration.ofSeconds(10), 100, clock);
    String token = tokenExpiringAt(NOW.plusSeconds(3600));
    await(caching.verify(token));
    now[0] = NOW.plusSeconds(11);
    await(caching.verify(token));
    assertEquals(2, inner.calls.get(), "checked again after maxAge");

    inner.answer = new Verification.Rejected("forged");
    String forged = tokenExpiringAt(NOW.plusSeconds(3600));
    await(caching.verify(forged + "x"));
    await(caching.verify(forged + "x"));
    assertEquals(4, inner.calls.get(), "a rejected token is checked every time");
  }
}
