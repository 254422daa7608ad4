package io.agentfleet.agentservice.auth;

import java.util.Optional;
import java.util.Set;

/** Outcome of verifying a bearer token: a value, never an exception. */
public sealed interface Verification
    permits Verification.Verified, Verification.Rejected, Verification.Unavailable {

  /**
   * The token is genuine, current and from the configured realm.
   *
   * @param subject  the token's {@code sub} claim (Keycloak's user id)
   * @param username the {@code preferred_username} claim, or the subject when the token has none
   * @param roles    realm roles plus roles on the configured client
   * @param client   the token's {@code azp} claim: the client the token was issued to, when it names one
   */
  record Verified(String subject, String username, Set<String> roles, Optional<String> client) implements Verification {
    public Verified {
      roles = Set.copyOf(roles);
    }

    /** A caller whose token names no client. */
    public Verified(String subject, String username, Set<String> roles) {
      this(subject, username, roles, Optional.empty());
    }
  }

  /** The token is not acceptable (malformed, forged, expired, another realm...): answer 401. */
  record Rejected(String reason) implements Verification {}

  /** The token could not be checked because Keycloak could not be reached in time: answer 503. */
  record Unavailable(String reason) implements Verification {}
}
