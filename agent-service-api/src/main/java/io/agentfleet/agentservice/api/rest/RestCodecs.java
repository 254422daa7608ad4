package io.agentfleet.agentservice.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.agentfleet.agentservice.api.InvalidRequestException;
import io.agentfleet.agentservice.api.json.JsonBodyReader;

/**
 * JSON of the REST API ({@code /api/v1/…}): plain JSON, unlike the ESW contract. Thread-safe.
 *
 * <p>An empty {@code Optional} is left out when writing, and an absent or {@code null} field reads as
 * empty; instants are ISO-8601 strings ({@code "2024-05-01T12:00:00Z"}); unknown fields in a request
 * are an error, so a misspelt field is reported instead of ignored.
 */
public final class RestCodecs {

  private final ObjectMapper mapper = newObjectMapper();
  private final JsonBodyReader reader = new JsonBodyReader(mapper.reader());

  /** A new mapper configured for the REST DTOs (for marshallers that need a mapper rather than bytes). */
  public static ObjectMapper newObjectMapper() {
    return JsonMapper.builder()
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .serializationInclusion(JsonInclude.Include.NON_ABSENT)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
  }

  /** Reads a request body as {@code type}, or throws an {@link InvalidRequestException} naming the problem. */
  public <T> T readRequest(byte[] json, Class<T> type) {
    return reader.read(json, type, InvalidRequestException::new);
  }

  /** Any REST DTO (or a list of them) as UTF-8 JSON. */
  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      // The DTOs are records of strings, numbers, lists and optionals; this is a bug, not bad input.
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
