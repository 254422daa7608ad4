package io.agentfleet.agentservice.api.json;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.agentfleet.agentservice.api.InvalidFieldException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns Jackson's exceptions into one-line messages for the sender of the JSON: what is wrong and at
 * which field, without Java class names or stack traces.
 */
final class JsonProblems {

  private JsonProblems() {}

  /** A syntax error, found while parsing the bytes into a tree. */
  static String describeSyntax(JacksonException e) {
    String message = e.getOriginalMessage()
        // Jackson points at the source as "[Source: REDACTED (…); line: 1, column: 1]".
        .replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)]", "line $1, column $2");
    return "malformed JSON" + at(e.getLocation()) + ": " + message;
  }

  /** A well-formed {@code tree} that does not fit the target type. */
  static String describeBinding(JacksonException e, JsonNode tree) {
    if (e instanceof InvalidTypeIdException typeId) {
      return describeTypeId(typeId);
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '" + dotted(unknown) + "'; known fields: " + knownFields(unknown);
    }
    Throwable cause = rootCause(e);
    if (cause instanceof InvalidFieldException invalid) {
      // Thrown by the record being built, so the path ends at that record, not at the field.
      String field = dotted(e).isEmpty() ? invalid.field() : dotted(e) + "." + invalid.field();
      return "field '" + field + "' " + invalid.problem();
    }
    if (cause instanceof IllegalArgumentException invalid) {
      return atField(e, invalid.getMessage());
    }
    if (e instanceof MismatchedInputException mismatch && !path(e).isEmpty()) {
      // The tree tells reliably what was sent; the parser's position after a failed bind does not.
      JsonNode sent = tree.at(pointer(e));
      if (sent.isMissingNode() || sent.isNull()) {
        return "field '" + dotted(e) + "' is required but missing";
      }
      return atField(e, "expected " + JsonShapes.describeExpected(mismatch.getTargetType())
          + ", got " + JsonShapes.describe(sent));
    }
    return atField(e, e.getOriginalMessage());
  }

  /** The "_type" names a polymorphic base type accepts, sorted, from its {@code @JsonSubTypes}. */
  static String knownTypes(Class<?> baseType) {
    JsonSubTypes subTypes = baseType.getAnnotation(JsonSubTypes.class);
    if (subTypes == null) {
      return "(none)";
    }
    return Arrays.stream(subTypes.value()).map(JsonSubTypes.Type::name).sorted().collect(Collectors.joining(", "));
  }

  private static String describeTypeId(InvalidTypeIdException e) {
    String where = path(e).isEmpty() ? "" : " at '" + dotted(e) + "'";
    String expected = "; expected one of: " + knownTypes(e.getBaseType().getRawClass());
    return e.getTypeId() == null
        ? "missing \"_type\"" + where + expected
        : "unknown \"_type\" '" + e.getTypeId() + "'" + where + expected;
  }

  private static String knownFields(UnrecognizedPropertyException e) {
    if (e.getKnownPropertyIds() == null || e.getKnownPropertyIds().isEmpty()) {
      return "(none)";
    }
    return e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
  }

  private static String atField(JacksonException e, String problem) {
    return path(e).isEmpty() ? problem : "field '" + dotted(e) + "': " + problem;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static List<JsonMappingException.Reference> path(JacksonException e) {
    return e instanceof JsonMappingException mapping ? mapping.getPath() : List.of();
  }

  /** The path of the failure for people: {@code componentId.prefix}, {@code args[1]}. */
  private static String dotted(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : path(e)) {
      if (ref.getFieldName() != null) {
        path.append(path.length() > 0 ? "." : "").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static JsonPointer pointer(JacksonException e) {
    JsonPointer pointer = JsonPointer.empty();
    for (JsonMappingException.Reference ref : path(e)) {
      if (ref.getFieldName() != null) {
        pointer = pointer.appendProperty(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        pointer = pointer.appendIndex(ref.getIndex());
      }
    }
    return pointer;
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 0
        ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
