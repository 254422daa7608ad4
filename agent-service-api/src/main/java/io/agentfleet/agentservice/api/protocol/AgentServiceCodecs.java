package io.agentfleet.agentservice.api.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.agentfleet.agentservice.api.ErrorBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

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
  // Trailing data is checked by hand, so the message can say so without naming Jackson's classes.
  private final ObjectReader treeReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final ObjectReader requestReader = mapper.readerFor(AgentServiceRequest.class);
  private final ObjectWriter requestWriter = mapper.writerFor(AgentServiceRequest.class);
  private final ObjectReader spawnResponseReader = tolerantReader(SpawnResponse.class);
  private final ObjectWriter spawnResponseWriter = mapper.writerFor(SpawnResponse.class);
  private final ObjectReader killResponseReader = tolerantReader(KillResponse.class);
  private final ObjectWriter killResponseWriter = mapper.writerFor(KillResponse.class);
  private final ObjectReader statusResponseReader = tolerantReader(AgentStatusResponse.class);
  private final ObjectWriter statusResponseWriter = mapper.writerFor(AgentStatusResponse.class);
  private final ObjectReader errorBodyReader = tolerantReader(ErrorBody.class);
  private final ObjectWriter errorBodyWriter = mapper.writerFor(ErrorBody.class);

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
    return read(requestReader, AgentServiceRequest.class, json, InvalidRequestException::new);
  }

  /** Reads a request from a JSON string; see {@link #readRequest(byte[])}. */
  public AgentServiceRequest readRequest(String json) {
    return readRequest(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The request as UTF-8 JSON. */
  public byte[] writeRequest(AgentServiceRequest request) {
    return write(requestWriter, request);
  }

  /** Reads the answer to a spawn request, or throws {@link InvalidResponseException}. */
  public SpawnResponse readSpawnResponse(byte[] json) {
    return readResponse(spawnResponseReader, SpawnResponse.class, json);
  }

  /** The spawn answer as UTF-8 JSON. */
  public byte[] writeSpawnResponse(SpawnResponse response) {
    return write(spawnResponseWriter, response);
  }

  /** Reads the answer to a kill request, or throws {@link InvalidResponseException}. */
  public KillResponse readKillResponse(byte[] json) {
    return readResponse(killResponseReader, KillResponse.class, json);
  }

  /** The kill answer as UTF-8 JSON. */
  public byte[] writeKillResponse(KillResponse response) {
    return write(killResponseWriter, response);
  }

  /** Reads the answer to {@code GetAgentStatus}, or throws {@link InvalidResponseException}. */
  public AgentStatusResponse readAgentStatusResponse(byte[] json) {
    return readResponse(statusResponseReader, AgentStatusResponse.class, json);
  }

  /** The status answer as UTF-8 JSON. */
  public byte[] writeAgentStatusResponse(AgentStatusResponse response) {
    return write(statusResponseWriter, response);
  }

  /** Reads an error body {@code {"error":…,"message":…}}, or throws {@link InvalidResponseException}. */
  public ErrorBody readErrorBody(byte[] json) {
    return readResponse(errorBodyReader, ErrorBody.class, json);
  }

  /** The error body as UTF-8 JSON. */
  public byte[] writeErrorBody(ErrorBody error) {
    return write(errorBodyWriter, error);
  }

  private ObjectReader tolerantReader(Class<?> type) {
    return mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private <T> T readResponse(ObjectReader reader, Class<?> type, byte[] json) {
    return read(reader, type, json, InvalidResponseException::new);
  }

  /**
   * Parses to a tree first and binds the tree second: syntax errors and shape errors get separate
   * messages, and the tree shows what was actually sent at the failing field.
   */
  private <T> T read(ObjectReader reader, Class<?> type, byte[] json, Function<String, RuntimeException> invalid) {
    JsonNode tree = parse(json, invalid);
    if (!tree.isObject()) {
      String types = type.isAnnotationPresent(JsonSubTypes.class)
          ? " with a \"_type\" (one of: " + JsonProblems.knownTypes(type) + ")"
          : "";
      throw invalid.apply("expected a JSON object" + types + ", got " + JsonShapes.describe(tree));
    }
    try {
      return reader.readValue(tree);
    } catch (JacksonException e) {
      throw invalid.apply(JsonProblems.describeBinding(e, tree));
    } catch (IOException e) {
      throw invalid.apply("unreadable JSON: " + e.getMessage());
    }
  }

  private JsonNode parse(byte[] json, Function<String, RuntimeException> invalid) {
    try (JsonParser parser = mapper.createParser(json)) {
      JsonNode tree = treeReader.readTree(parser);
      if (tree == null || tree.isMissingNode()) {
        throw invalid.apply("body is empty");
      }
      if (parser.nextToken() != null) {
        throw invalid.apply("malformed JSON at line " + parser.currentTokenLocation().getLineNr() + ", column "
            + parser.currentTokenLocation().getColumnNr() + ": unexpected data after the JSON value");
      }
      return tree;
    } catch (JacksonException e) {
      throw invalid.apply(JsonProblems.describeSyntax(e));
    } catch (IOException e) {
      throw invalid.apply("unreadable JSON: " + e.getMessage());
    }
  }

  private static byte[] write(ObjectWriter writer, Object value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      // Records of strings, lists and optionals always serialize; this is a bug, not bad input.
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
