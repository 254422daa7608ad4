package io.agentfleet.agentservice.auth;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the bearer-token directives from settings; the one place that says loudly when auth is off. */
public final class AuthWiring {

  private static final Logger log = LoggerFactory.getLogger(AuthWiring.class);

  private AuthWiring() {}

  /**
   * Directives for the Agent Service's routes. Logs a WARN on every call when authentication is
   * disabled, so every start of such a service says so in its log.
   *
   * @param mapper the mapper of the service's wire DTOs, used for the JSON error bodies
   */
  public static BearerAuthDirectives create(ActorSystem<?> system, AuthSettings settings, ObjectMapper mapper) {
    if (settings.disabled()) {
      log.warn(disabledWarning(settings));
      return BearerAuthDirectives.disabled(settings, mapper);
    }
    // Verification may wait on Keycloak (blocking HTTP inside the adapter): never on the default dispatcher.
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(AuthSettings.BLOCKING_DISPATCHER));
    log.info("Bearer tokens are verified against realm {} of Keycloak at {} (client {}); operator role {}, viewer role {}",
        settings.realm(), settings.keycloakUrl(), settings.clientId(), settings.operatorRole(), settings.viewerRole());
    TokenVerifier verifier = new CachingTokenVerifier(
        KeycloakTokenVerifier.create(settings, blocking), settings.verifiedTokenCacheTime(), 10_000, java.time.Clock.systemUTC());
    return BearerAuthDirectives.verifying(settings, verifier, mapper);
  }

  /** The line logged at WARN when authentication is disabled. */
  public static String disabledWarning(AuthSettings settings) {
    return "AUTHENTICATION IS DISABLED (agent-service.auth.disabled = true): every request is served as an "
        + "anonymous operator with roles " + settings.operatorRole() + " and " + settings.viewerRole()
        + ", no token is checked. Anyone who can reach this port can spawn and kill components. "
        + "Never run like this outside a closed test bench.";
  }
}
