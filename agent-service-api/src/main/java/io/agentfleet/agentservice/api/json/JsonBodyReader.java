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
 * <p>A body that starts as a JSON object is first bound directly, in one pass; when that fails, the
 * body is read again the slow way: parsed to a tree first and the tree bound second, so that syntax and
 * shape errors get separate messages, and the tree shows what was actually sent at a failing field.
 * Both ways bind with the same reader, so they accept the same bodies with the same values; the direct
 * way only saves building the tree for a body that is fine (a request's parsing showed in the profile).
 */
public final class JsonBodyReader {

  private final ObjectReader reader;
  private final ObjectReader directReader;
  // Trailing data is checked by hand, so the message can say so without naming Jackson's classes.
  private final ObjectReader treeReader;

  /** Binds with {@code reader}'s configuration (e.g. strict or tolerant of unknown fields). */
  public JsonBodyReader(ObjectReader reader) {
    this.reader = reader;
    // Trailing data is an error on the tree way too (checked by hand there).
    this.directReader = reader.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.treeReader = reader.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Reads {@code json} as a {@code type}, or throws what {@code invalid} makes of the problem's description. */
  public <T> T read(byte[] json, Class<T> type, Function<String, ? extends RuntimeException> invalid) {
    if (startsAsObject(json)) {
      try {
        return directReader.forType(type).readValue(json);
      } catch (IOException | RuntimeException e) {
        // Whatever is wrong, the slow way below says it in the caller's terms.
      }
    }
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

  /**
   * Whether the body's first non-blank byte opens an object: only then does the tree way bind it at all
   * (Jackson alone would also accept other shapes for a type with a {@code "_type"}, e.g. an array).
   */
  private static boolean startsAsObject(byte[] json) {
    for (byte b : json) {
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return false;
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
