package io.agentfleet.agentservice.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Optional;

/**
 * One change asked of the Agent Service, or one refusal of it: who asked, from where, what, and what came of it.
 *
 * @param time      when the request arrived
 * @param user      the token's {@code preferred_username}, or {@code anonymous} without a valid token
 * @param client    the token's {@code azp}: the client the token was issued to
 * @param address   the caller's address
 * @param action    {@code spawn}, {@code kill}, {@code manage}, {@code unmanage}, {@code provision}, …
 * @param agent     the agent the change was asked of, when the request names one
 * @param component the component it concerns, when the request names one
 * @param status    the HTTP status of the answer
 * @param result    a short result: {@code Spawned}, {@code Killed}, a failure reason, {@code Forbidden}, …
 * @param message   what the answer said about a refusal or failure
 * @param requestId the id of the request, also sent back in the {@code X-Request-Id} header
 */
public record AuditEvent(
    Instant time, String user, Optional<String> client, String address, String action, Optional<String> agent,
    Optional<String> component, int status, String result, Optional<String> message, String requestId) {

  /** Longest message kept: a refusal's reason, not a whole log tail. */
  static final int MAX_MESSAGE_LENGTH = 300;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .serializationInclusion(JsonInclude.Include.NON_ABSENT)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  public AuditEvent {
    message = message.map(m -> m.length() > MAX_MESSAGE_LENGTH ? m.substring(0, MAX_MESSAGE_LENGTH) + "…" : m);
  }

  /** The event as one line of JSON, without the line break. */
  public String toJsonLine() {
    try {
      // The default writer escapes line breaks inside strings, so one event is always one line.
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit event is always serializable", e);
    }
  }
}
