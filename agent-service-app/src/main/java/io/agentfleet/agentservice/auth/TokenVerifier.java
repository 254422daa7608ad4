package io.agentfleet.agentservice.auth;

import java.util.concurrent.CompletionStage;

/** Checks a bearer token; implementations never block the caller and never fail the stage. */
public interface TokenVerifier {

  /**
   * Verifies {@code token} (the part after {@code "Bearer "}).
   *
   * @return a stage that always completes, within the configured verify timeout, with a {@link Verification}
   */
  CompletionStage<Verification> verify(String token);
}
