package io.agentfleet.agentservice.api.json;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.function.Function;

/**
 * Reads a JSON body into a record and, when it does not fit, fails with one sentence that says what is
 * wrong and at which field (malformed JSON, unknown {@code "_type"}, missing or mistyped field), never
 * with Jackson's class names.
 *
 * <p>It parses to a tree first and binds the tree second: syntax and shape errors get separate messages,
 * and the tree shows what was actually sent at a failing field.
 */
public final class JsonBodyReader {

  private final ObjectReader reader;
  // Trailing data is checked by hand, so the message can say so without naming Jackson's classes.
  private final ObjectReader treeReader;

  /** Binds with {@code reader}'s configuration (e.g. strict or tolerant of unknown fields). */
  public JsonBodyReader(ObjectReader reader) {
    this.reader = reader;
    this.treeReader = reader.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Reads {@code json} as a {@code type}, or throws what {@code invalid} makes of the problem's description. */
  public <T> T read(byte[] json, Class<T> type, Function<String, ? extends RuntimeException> invalid) {
    JsonNode tree = parse(json, invalid);
    if (!tree.isObject()) {
      String types = type.isAnnotationPresent(JsonSubTypes.class)
          ? " with a \"_type\" (one of: " + JsonProblems.knownTypes(type) + ")"
          : "";
      throw invalid.apply("expected a JSON object" + types + ", got " + JsonShapes.describe(tree));
    }
    try {
      return reader.forType(type).readValue(tree);
    } catch (JacksonException e) {
      throw invalid.apply(JsonProblems.describeBinding(e, tree));
    } catch (IOException e) {
      throw invalid.apply("unreadable JSON: " + e.getMessage());
    }
  }

  private JsonNode parse(byte[] json, Function<String, ? extends RuntimeException> invalid) {
    try (JsonParser parser = treeReader.createParser(json)) {
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
}
