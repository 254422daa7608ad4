package io.agentfleet.agentservice.api.json;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Names JSON values and the Java types they should fill the way a person writing JSON thinks of them. */
final class JsonShapes {

  private JsonShapes() {}

  static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
      case START_ARRAY, END_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> "an unexpected value";
    };
  }

  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT, POJO -> "an object";
      case ARRAY -> "an array";
      case STRING, BINARY -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case MISSING -> "nothing";
    };
  }

  static String describeExpected(Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (CharSequence.class.isAssignableFrom(type) || type == URI.class) {
      return "a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type == Optional.class) {
      return "[] or [value]";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object of strings";
    }
    return "an object";
  }
}
