package io.agentfleet.agentservice.audit;

import akka.http.javadsl.model.AttributeKeys;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.auth.BearerAuthDirectives;
import io.agentfleet.agentservice.auth.CallerSlot;
import io.agentfleet.agentservice.auth.Verification.Verified;
import io.agentfleet.location.http.ErrorHandling;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import scala.concurrent.duration.FiniteDuration;

/**
 * Wraps the routes that change something so that every request they answer, refusals included, is recorded
 * as one {@link AuditEvent}: the caller (whatever the auth directives then decide), the action and its
 * target (from the path or the request body), and the status and result of the answer.
 */
public final class AuditDirectives extends AllDirectives {
  /** The header carrying the request id back to the caller. */
  public static final String REQUEST_ID = "X-Request-Id";

  /** Bodies are at most agent-service.http.max-body-size (64 KiB by default): they arrive well within this. */
  private static final FiniteDuration BODY_TIMEOUT = FiniteDuration.create(10, TimeUnit.SECONDS);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Consumer<AuditEvent> sink;
  private final boolean trustForwardedFor;
  private final Clock clock;
  private final ErrorHandling errors = new ErrorHandling();

  public AuditDirectives(Consumer<AuditEvent> sink, boolean trustForwardedFor, Clock clock) {
    this.sink = sink;
    this.trustForwardedFor = trustForwardedFor;
    this.clock = clock;
  }

  /** What a request asks to change. */
  private record Subject(String action, Optional<String> agent, Optional<String> component) {}

  /**
   * Records every request {@code inner} answers as {@code action} on {@code agent} and {@code component};
   * a target not given is taken from the request body when it names one.
   */
  public Route recorded(String action, Optional<String> agent, Optional<String> component, Supplier<Route> inner) {
    return recording(body -> {
      Subject named = target(action, body);
      return Optional.of(new Subject(action, agent.or(named::agent), component.or(named::component)));
    }, inner);
  }

  /**
   * Records every request {@code inner} answers with the action its body's {@code _type} names, in lower
   * case up to the second word ({@code SpawnSequenceComponent} is {@code spawn}, {@code Provision} is
   * {@code provision}); a {@code Get…} request is a read and is not recorded.
   */
  public Route recordedByType(Supplier<Route> inner) {
    return recording(body -> {
      Optional<String> type = body.map(json -> json.path("_type")).filter(JsonNode::isTextual).map(JsonNode::asText);
      if (type.isPresent() && type.get().startsWith("Get")) {
        return Optional.empty();
      }
      return Optional.of(target(type.map(AuditDirectives::actionOf).orElse("unknown"), body));
    }, inner);
  }

  private Route recording(java.util.function.Function<Optional<JsonNode>, Optional<Subject>> subjectOf, Supplier<Route> inner) {
    return extractRequest(request -> {
      Instant time = clock.instant();
      String requestId = UUID.randomUUID().toString();
      // The auth directives inside leave the verified caller here, so the token is verified once.
      CallerSlot caller = new CallerSlot();
      // Known once the body is read; a body that cannot be read still leaves a record of the refusal.
      AtomicReference<Optional<Subject>> subject = new AtomicReference<>(Optional.of(new Subject("unknown", Optional.empty(), Optional.empty())));
      return mapResponse(response -> {
        subject.get().ifPresent(s -> sink.accept(event(time, caller.caller(), address(request), s, response, requestId)));
        return response.addHeader(RawHeader.create(REQUEST_ID, requestId));
      }, () -> mapRequest(r -> r.addAttribute(CallerSlot.KEY, caller), () ->
          errors.handled(() -> toStrictEntity(BODY_TIMEOUT, () -> extractRequestEntity(entity -> {
            subject.set(subjectOf.apply(json(entity)));
            return inner.get();
          })))));
    });
  }

  private static AuditEvent event(Instant time, Optional<Verified> caller, String address, Subject subject, HttpResponse response, String requestId) {
    Optional<JsonNode> body = json(response.entity());
    Optional<String> error = body.flatMap(json -> text(json, "error"));
    Optional<String> type = body.flatMap(json -> text(json, "_type"));
    String result = error.or(() -> type).orElseGet(() -> response.status().isSuccess()
        ? pastTense(subject.action())
        : response.status().reason().replace(" ", ""));
    Optional<String> message = body.flatMap(json -> text(json, "message").or(() -> text(json, "msg")));
    return new AuditEvent(time, caller.map(Verified::username).orElse(BearerAuthDirectives.ANONYMOUS),
        caller.flatMap(Verified::client), address, subject.action(), subject.agent(), subject.component(),
        response.status().intValue(), result, message, requestId);
  }

  /** The remote address Akka HTTP saw, or the first {@code X-Forwarded-For} entry when a trusted proxy is in front. */
  private String address(HttpRequest request) {
    if (trustForwardedFor) {
      Optional<String> forwarded = request.getHeader("X-Forwarded-For")
          .map(h -> h.value().split(",")[0].trim())
          .filter(s -> !s.isEmpty());
      if (forwarded.isPresent()) {
        return forwarded.get();
      }
    }
    return request.getAttribute(AttributeKeys.remoteAddress)
        .flatMap(remote -> remote.getAddress())
        .map(java.net.InetAddress::getHostAddress)
        .orElse("unknown");
  }

  /** {@code SpawnSequenceComponent} → {@code spawn}; an empty {@code _type} names no action. */
  static String actionOf(String type) {
    if (type.isEmpty()) {
      return "unknown";
    }
    int end = 1;
    while (end < type.length() && !Character.isUpperCase(type.charAt(end))) {
      end++;
    }
    return type.substring(0, end).toLowerCase(Locale.ROOT);
  }

  /** {@code spawn} → {@code Spawned}, {@code manage} → {@code Managed}. */
  static String pastTense(String action) {
    if (action.isEmpty()) {
      return "Done";
    }
    String word = Character.toUpperCase(action.charAt(0)) + action.substring(1);
    return word.endsWith("e") ? word + "d" : word + "ed";
  }

  /** The agent and component a request body names: ESW's agentPrefix, prefix, componentId or componentName. */
  private static Subject target(String action, Optional<JsonNode> body) {
    Optional<String> agent = body.flatMap(json -> text(json, "agentPrefix"));
    Optional<String> component = body.flatMap(json -> text(json, "prefix")
        .or(() -> text(json.path("componentId"), "prefix"))
        .or(() -> text(json, "componentName").flatMap(name -> agent.map(a -> a.substring(0, Math.max(0, a.indexOf('.'))) + "." + name))));
    return new Subject(action, agent, component);
  }

  private static Optional<String> text(JsonNode json, String field) {
    JsonNode value = json.path(field);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private static Optional<JsonNode> json(HttpEntity entity) {
    if (!(entity instanceof HttpEntity.Strict strict) || strict.getData().isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode json = JSON.readTree(strict.getData().toArray());
      return json != null && json.isObject() ? Optional.of(json) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
