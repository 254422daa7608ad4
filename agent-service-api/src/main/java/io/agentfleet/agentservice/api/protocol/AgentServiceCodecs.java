package io.agentfleet.agentservice.api.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.agentfleet.agentservice.api.ErrorBody;
import io.agentfleet.agentservice.api.InvalidRequestException;
import io.agentfleet.agentservice.api.InvalidResponseException;
import io.agentfleet.agentservice.api.json.JsonBodyReader;
import io.agentfleet.agentservice.api.json.OptionalAsArrayModule;
import java.nio.charset.StandardCharsets;

/**
 * JSON of {@code POST /post-endpoint}: reads and writes requests, responses and error bodies with the
 * one mapper configured for the ESW wire format. Thread-safe.
 *
 * <p>Requests are read strictly (unknown fields, wrong types and trailing data are errors) because a
 * typo must not silently become a default. Responses are read tolerantly (unknown fields ignored) so a
 * client keeps working against a newer server.
 */
public final class AgentServiceCodecs {

  private final ObjectMapper mapper = newObjectMapper();
  private final JsonBodyReader strictReader = new JsonBodyReader(mapper.reader());
  private final JsonBodyReader tolerantReader =
      new JsonBodyReader(mapper.reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

  /**
   * A new mapper for the ESW wire format (for marshallers that need a mapper rather than bytes):
   * JDK 8 and java.time types, {@code Optional} as {@code []}/{@code [x]}, strict about input.
   */
  public static ObjectMapper newObjectMapper() {
    JsonMapper mapper = JsonMapper.builder()
        .addModule(new Jdk8Module())
        // After Jdk8Module, so that its array encoding of Optional wins.
        .addModule(new OptionalAsArrayModule())
        .addModule(new JavaTimeModule())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        // Without these Jackson reads "true" as true and 5 as "5"; ESW's decoder refuses both.
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
    for (CoercionInputShape scalar :
        new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
    }
    mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }

  /** Reads a request, or throws an {@link InvalidRequestException} that says what is wrong and at which field. */
  public AgentServiceRequest readRequest(byte[] json) {
    return strictReader.read(json, AgentServiceRequest.class, InvalidRequestException::new);
  }

  /** Reads a request from a JSON string; see {@link #readRequest(byte[])}. */
  public AgentServiceRequest readRequest(String json) {
    return readRequest(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The request as UTF-8 JSON. */
  public byte[] writeRequest(AgentServiceRequest request) {
    return write(AgentServiceRequest.class, request);
  }

  /** Reads the answer to a spawn request, or throws {@link InvalidResponseException}. */
  public SpawnResponse readSpawnResponse(byte[] json) {
    return tolerantReader.read(json, SpawnResponse.class, InvalidResponseException::new);
  }

  /** The spawn answer as UTF-8 JSON. */
  public byte[] writeSpawnResponse(SpawnResponse response) {
    return write(SpawnResponse.class, response);
  }

  /** Reads the answer to a kill request, or throws {@link InvalidResponseException}. */
  public KillResponse readKillResponse(byte[] json) {
    return tolerantReader.read(json, KillResponse.class, InvalidResponseException::new);
  }

  /** The kill answer as UTF-8 JSON. */
  public byte[] writeKillResponse(KillResponse response) {
    return write(KillResponse.class, response);
  }

  /** Reads the answer to {@code GetAgentStatus}, or throws {@link InvalidResponseException}. */
  public AgentStatusResponse readAgentStatusResponse(byte[] json) {
    return tolerantReader.read(json, AgentStatusResponse.class, InvalidResponseException::new);
  }

  /** The status answer as UTF-8 JSON. */
  public byte[] writeAgentStatusResponse(AgentStatusResponse response) {
    return write(AgentStatusResponse.class, response);
  }

  /** Reads the answer to {@code Provision}, or throws {@link InvalidResponseException}. */
  public ProvisionResponse readProvisionResponse(byte[] json) {
    return tolerantReader.read(json, ProvisionResponse.class, InvalidResponseException::new);
  }

  /** The provision answer as UTF-8 JSON. */
  public byte[] writeProvisionResponse(ProvisionResponse response) {
    return write(ProvisionResponse.class, response);
  }

  /** Reads an error body {@code {"error":…,"message":…}}, or throws {@link InvalidResponseException}. */
  public ErrorBody readErrorBody(byte[] json) {
    return tolerantReader.read(json, ErrorBody.class, InvalidResponseException::new);
  }

  /** The error body as UTF-8 JSON. */
  public byte[] writeErrorBody(ErrorBody error) {
    return write(ErrorBody.class, error);
  }

  /** Written as the declared type, so that "_type" comes from that type's {@code @JsonSubTypes}. */
  private byte[] write(Class<?> declaredType, Object value) {
    ObjectWriter writer = mapper.writerFor(declaredType);
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      // Records of strings, lists and optionals always serialize; this is a bug, not bad input.
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
