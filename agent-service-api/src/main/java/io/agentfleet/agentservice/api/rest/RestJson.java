package io.agentfleet.agentservice.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The mapper of the REST API ({@code /api/v1/…}): plain JSON, unlike the ESW contract.
 *
 * <p>An empty {@code Optional} is left out when writing, and an absent or {@code null} field reads as
 * empty; instants are ISO-8601 strings ({@code "2024-05-01T12:00:00Z"}); unknown fields are an error,
 * so a misspelt field in a request is reported instead of ignored.
 */
public final class RestJson {

  private RestJson() {}

  /** A new mapper configured for the REST DTOs; configure it no further, so server and clients agree. */
  public static ObjectMapper newObjectMapper() {
    return JsonMapper.builder()
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .serializationInclusion(JsonInclude.Include.NON_ABSENT)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
  }
}
