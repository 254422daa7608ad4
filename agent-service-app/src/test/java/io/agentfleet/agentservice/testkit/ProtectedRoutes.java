package io.agentfleet.agentservice.testkit;

import akka.http.javadsl.marshallers.jackson.Jackson;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.agentfleet.agentservice.auth.BearerAuthDirectives;
import io.agentfleet.agentservice.auth.Role;
import io.agentfleet.agentservice.auth.Verification.Verified;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small API guarded by the auth directives: GET /viewer-thing needs VIEWER, POST /operator-thing OPERATOR;
 * GET /counted-thing (VIEWER) answers how many requests it has served, from a route built once.
 */
public final class ProtectedRoutes extends AllDirectives {

  /** What the protected routes answer: who the caller is. */
  public record Caller(String subject, String username, List<String> roles) {
    static Caller of(Verified verified) {
      return new Caller(verified.subject(), verified.username(), verified.roles().stream().sorted().toList());
    }
  }

  /** The mapper the tests use for the service's JSON (the wire DTO module will own the real one). */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .build();

  private final BearerAuthDirectives auth;

  public ProtectedRoutes(BearerAuthDirectives auth) {
    this.auth = auth;
  }

  public Route route() {
    // Built once, as the service builds its routes: its answer must still be made for each request.
    AtomicInteger requests = new AtomicInteger();
    Route counted = auth.authorized(Role.VIEWER, caller -> complete(Integer.toString(requests.incrementAndGet())));
    return concat(
        path("counted-thing", () -> counted),
        path("viewer-thing", () -> get(() ->
            auth.authorized(Role.VIEWER, caller -> complete(StatusCodes.OK, Caller.of(caller), Jackson.marshaller(MAPPER))))),
        path("operator-thing", () -> post(() ->
            auth.authorized(Role.OPERATOR, caller -> complete(StatusCodes.OK, Caller.of(caller), Jackson.marshaller(MAPPER))))));
  }
}
