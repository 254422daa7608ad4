package io.agentfleet.agentservice.auth;

import akka.http.javadsl.marshallers.jackson.Jackson;
import akka.http.javadsl.marshalling.Marshaller;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.RequestEntity;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.auth.Verification.Rejected;
import io.agentfleet.agentservice.auth.Verification.Unavailable;
import io.agentfleet.agentservice.auth.Verification.Verified;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.util.Try;

/**
 * Akka HTTP directives that let a request through only with a valid bearer token carrying the needed role:
 * 401 (with a {@code WWW-Authenticate: Bearer} challenge) for a missing or bad token, 403 for a missing
 * role, 503 when Keycloak cannot be reached.
 */
public final class BearerAuthDirectives extends AllDirectives {

  /** JSON body of every 401, 403 and 503 these directives answer. */
  public record ErrorBody(String error, String message) {}

  /** Subject and user name of the caller when authentication is disabled. */
  public static final String ANONYMOUS = "anonymous";

  private static final Logger log = LoggerFactory.getLogger(BearerAuthDirectives.class);

  private final AuthSettings settings;
  private final Optional<TokenVerifier> verifier;
  private final Marshaller<ErrorBody, RequestEntity> errorMarshaller;

  private BearerAuthDirectives(AuthSettings settings, Optional<TokenVerifier> verifier, ObjectMapper mapper) {
    this.settings = settings;
    this.verifier = verifier;
    this.errorMarshaller = Jackson.marshaller(mapper);
  }

  /** Directives that verify every token with {@code verifier}. */
  public static BearerAuthDirectives verifying(AuthSettings settings, TokenVerifier verifier, ObjectMapper mapper) {
    return new BearerAuthDirectives(settings, Optional.of(verifier), mapper);
  }

  /**
   * Directives that let every request through as an anonymous operator. Only for test benches; use
   * {@link AuthWiring#create}, which logs the warning that goes with it.
   */
  public static BearerAuthDirectives disabled(AuthSettings settings, ObjectMapper mapper) {
    return new BearerAuthDirectives(settings, Optional.empty(), mapper);
  }

  /** The identity every request gets when authentication is disabled: an operator (and viewer). */
  public Verified anonymousOperator() {
    return new Verified(ANONYMOUS, ANONYMOUS, Set.of(settings.operatorRole(), settings.viewerRole()));
  }

  /**
   * Runs {@code inner} with the verified caller when the request carries a valid bearer token whose
   * roles satisfy {@code required}; otherwise completes with 401, 403 or 503. {@code inner} is applied
   * anew for every request, so a route built once may compute its answer inside it.
   */
  public Route authorized(Role required, Function<Verified, Route> inner) {
    if (verifier.isEmpty()) {
      // Inside a directive that extracts per request: applied here directly, inner would run once,
      // when the route is built, and every request would get the answer computed at that moment.
      Verified anonymous = anonymousOperator();
      return extractRequest(request -> {
        request.getAttribute(CallerSlot.KEY).ifPresent(slot -> slot.fill(anonymous));
        return inner.apply(anonymous);
      });
    }
    TokenVerifier tokens = verifier.get();
    return extractRequest(request -> optionalHeaderValueByName("Authorization", header -> {
      Optional<CallerSlot> slot = request.getAttribute(CallerSlot.KEY);
      Optional<String> bearer = header.flatMap(BearerHeader::token);
      if (bearer.isEmpty()) {
        // Only now tell "no bearer token" from "a malformed one": a well-formed header always names the scheme.
        return header.isPresent() && BearerHeader.namesBearerScheme(header.get())
            ? unauthorized(true, "malformed bearer token")
            : unauthorized(false, "missing bearer token: send the header 'Authorization: Bearer <access token>'");
      }
      CompletableFuture<Verification> verification = tokens.verify(bearer.get()).toCompletableFuture();
      if (verification.isDone() && !verification.isCompletedExceptionally()) {
        // A remembered token (the usual case) is decided at once, without a trip through onComplete.
        return decide(required, verification.join(), slot, inner);
      }
      return onComplete(() -> verification, result -> result.isSuccess() ? decide(required, result.get(), slot, inner) : failed(result));
    }));
  }

  private Route failed(Try<Verification> result) {
    // TokenVerifier promises a value; this is a bug, and the client still must not see a stack trace.
    log.warn("Token verification failed unexpectedly", result.failed().get());
    return error(StatusCodes.SERVICE_UNAVAILABLE, List.of(), "ServiceUnavailable", "token could not be verified");
  }

  private Route decide(Role required, Verification verification, Optional<CallerSlot> slot, Function<Verified, Route> inner) {
    if (verification instanceof Verified caller) {
      slot.ifPresent(s -> s.fill(caller));
      if (settings.grants(caller.roles(), required)) {
        return inner.apply(caller);
      }
      log.debug("Refused {}: needs {} of {}", caller.username(), required, settings.rolesSatisfying(required));
      return error(StatusCodes.FORBIDDEN, List.of(), "Forbidden",
          "user '" + caller.username() + "' may not make this call: it needs role "
              + String.join(" or ", settings.rolesSatisfying(required)));
    }
    if (verification instanceof Rejected rejected) {
      return unauthorized(true, rejected.reason());
    }
    if (verification instanceof Unavailable unavailable) {
      return error(StatusCodes.SERVICE_UNAVAILABLE, List.of(), "ServiceUnavailable",
          "cannot check the token now: " + unavailable.reason());
    }
    throw new AssertionError("Verification is sealed; unexpected " + verification);
  }

  private Route unauthorized(boolean tokenPresented, String message) {
    // RFC 6750 section 3: the error code goes with a challenge only when a token was presented.
    // Rendered by hand: Akka's modeled header leaves the error value unquoted, RFC 6750 quotes it, and
    // some clients only accept the quoted form.
    String value = "Bearer realm=\"" + quotedStringContent(settings.realm()) + "\""
        + (tokenPresented ? ", error=\"invalid_token\"" : "");
    HttpHeader challenge = RawHeader.create("WWW-Authenticate", value);
    log.debug("Refused a request without a valid token: {}", message);
    return error(StatusCodes.UNAUTHORIZED, List.of(challenge), "Unauthorized", message);
  }

  private static String quotedStringContent(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private Route error(StatusCode status, List<HttpHeader> headers, String error, String message) {
    return complete(status, headers, new ErrorBody(error, message), errorMarshaller);
  }
}
