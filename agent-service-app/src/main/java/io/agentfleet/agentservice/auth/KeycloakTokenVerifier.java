package io.agentfleet.agentservice.auth;

import io.agentfleet.agentservice.auth.Verification.Rejected;
import io.agentfleet.agentservice.auth.Verification.Unavailable;
import io.agentfleet.agentservice.auth.Verification.Verified;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.keycloak.adapters.KeycloakDeployment;
import org.keycloak.adapters.KeycloakDeploymentBuilder;
import org.keycloak.adapters.rotation.AdapterTokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.exceptions.TokenNotActiveException;
import org.keycloak.exceptions.TokenSignatureInvalidException;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.adapters.config.AdapterConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies Keycloak access tokens with keycloak-adapter-core: signature by a key from the realm's JWKS,
 * issuer, expiry and token type, on a dedicated executor.
 */
public final class KeycloakTokenVerifier implements TokenVerifier {

  private static final Logger log = LoggerFactory.getLogger(KeycloakTokenVerifier.class);

  // Keycloak signs access tokens with the realm's asymmetric keys. Refusing everything else up front
  // closes "alg: none" and the HS256-with-the-public-key confusion, whatever the library would do.
  private static final Set<String> ACCEPTED_ALGORITHMS = Set.of(
      "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

  private final AuthSettings settings;
  private final KeycloakDeployment deployment;
  private final Executor blocking;

  private KeycloakTokenVerifier(AuthSettings settings, KeycloakDeployment deployment, Executor blocking) {
    this.settings = settings;
    this.deployment = deployment;
    this.blocking = blocking;
  }

  /**
   * Creates a verifier; no network I/O happens until the first token arrives.
   *
   * @param blocking where verification runs: it may wait on Keycloak, so never Akka's default dispatcher
   *                 (the wiring passes the {@link AuthSettings#BLOCKING_DISPATCHER} dispatcher)
   */
  public static KeycloakTokenVerifier create(AuthSettings settings, Executor blocking) {
    return new KeycloakTokenVerifier(settings, KeycloakDeploymentBuilder.build(adapterConfig(settings)), blocking);
  }

  static AdapterConfig adapterConfig(AuthSettings settings) {
    AdapterConfig config = new AdapterConfig();
    config.setRealm(settings.realm());
    config.setAuthServerUrl(settings.keycloakUrl().toString());
    config.setResource(settings.clientId());
    // A resource server: it only checks tokens others obtained, never sends anyone to a login page.
    config.setBearerOnly(true);
    // The adapter's HTTP client waits forever by default (-1); an unreachable Keycloak must not hold a thread.
    config.setConnectionTimeout(settings.keyFetchTimeout().toMillis());
    config.setSocketTimeout(settings.keyFetchTimeout().toMillis());
    config.setMinTimeBetweenJwksRequests(Math.toIntExact(Math.max(1, settings.minTimeBetweenKeyFetches().toSeconds())));
    return config;
  }

  @Override
  public CompletionStage<Verification> verify(String token) {
    Optional<Rejected> malformed = malformed(token);
    if (malformed.isPresent()) {
      // Cheap, CPU-only check: garbage never takes a thread of the blocking pool nor reaches Keycloak.
      return CompletableFuture.completedFuture(malformed.get());
    }
    CompletableFuture<Verification> verification;
    try {
      verification = CompletableFuture.supplyAsync(() -> verifyBlocking(token), blocking);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(new Unavailable("token verification is shutting down"));
    }
    return verification
        .exceptionally(e -> {
          log.warn("Token verification against realm {} failed unexpectedly", settings.realm(), e);
          return new Unavailable("token could not be verified");
        })
        // The adapter's own timeouts apply per connection attempt; this bounds the whole check,
        // including a wait for the lock the adapter holds while another thread fetches keys.
        .completeOnTimeout(
            new Unavailable("identity provider did not answer within " + settings.verifyTimeout().toMillis() + " ms"),
            settings.verifyTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private Optional<Rejected> malformed(String token) {
    JWSInput jws;
    Optional<String> algorithm;
    try {
      jws = new JWSInput(token);
      algorithm = Optional.ofNullable(jws.getHeader().getAlgorithm()).map(Enum::name);
    } catch (JWSInputException | RuntimeException e) {
      // Whatever the parser trips over in attacker-supplied input is the token's fault, never a 500.
      return Optional.of(new Rejected("token is not a well-formed JWT"));
    }
    if (algorithm.isEmpty() || !ACCEPTED_ALGORITHMS.contains(algorithm.get())) {
      return Optional.of(new Rejected("token is not signed with an accepted algorithm"));
    }
    if (jws.getSignature() == null || jws.getSignature().length == 0) {
      return Optional.of(new Rejected("token is not signed"));
    }
    return Optional.empty();
  }

  private Verification verifyBlocking(String token) {
    // The adapter loads the realm's discovery document lazily and retries on every call until it
    // succeeds; no issuer means Keycloak could not be reached, which is not the caller's fault.
    if (deployment.getRealmInfoUrl() == null) {
      log.warn("Keycloak at {} could not be reached for realm {}: requests get 503",
          settings.keycloakUrl(), settings.realm());
      return new Unavailable("identity provider could not be reached");
    }
    try {
      return verified(AdapterTokenVerifier.verifyToken(token, deployment));
    } catch (TokenNotActiveException e) {
      return new Rejected("token has expired or is not valid yet");
    } catch (TokenSignatureInvalidException e) {
      return new Rejected("token signature is invalid");
    } catch (VerificationException e) {
      log.debug("Token refused for realm {}: {}", settings.realm(), e.getMessage());
      return new Rejected(Optional.ofNullable(e.getMessage()).orElse("token is invalid"));
    }
  }

  private Verification verified(AccessToken token) {
    Optional<String> subject = Optional.ofNullable(token.getSubject()).filter(s -> !s.isBlank());
    if (subject.isEmpty()) {
      return new Rejected("token has no subject");
    }
    Set<String> roles = new HashSet<>(rolesOf(token.getRealmAccess()));
    Map<String, AccessToken.Access> clients = Optional.ofNullable(token.getResourceAccess()).orElse(Map.of());
    roles.addAll(rolesOf(clients.get(settings.clientId())));
    String username = Optional.ofNullable(token.getPreferredUsername()).orElse(subject.get());
    return new Verified(subject.get(), username, roles, Optional.ofNullable(token.getIssuedFor()).filter(c -> !c.isBlank()));
  }

  private static Set<String> rolesOf(AccessToken.Access access) {
    return Optional.ofNullable(access).map(AccessToken.Access::getRoles).orElse(Set.of());
  }
}
