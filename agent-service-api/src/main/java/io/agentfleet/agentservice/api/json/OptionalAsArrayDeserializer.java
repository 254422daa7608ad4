package io.agentfleet.agentservice.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.type.ReferenceType;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads {@code []} or {@code [value]} into an {@code Optional}. An absent field or {@code null} is
 * read as empty: being lenient there costs nothing, while an array of two values can only be a
 * mistake and is refused.
 */
final class OptionalAsArrayDeserializer extends StdDeserializer<Optional<?>> implements ContextualDeserializer {

  private final ReferenceType optionalType;
  private final TypeDeserializer contentTypeDeserializer;
  private final JsonDeserializer<?> contentDeserializer;

  OptionalAsArrayDeserializer(
      ReferenceType optionalType, TypeDeserializer contentTypeDeserializer, JsonDeserializer<?> contentDeserializer) {
    super(optionalType);
    this.optionalType = optionalType;
    this.contentTypeDeserializer = contentTypeDeserializer;
    this.contentDeserializer = contentDeserializer;
  }

  @Override
  public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
      throws JsonMappingException {
    JsonDeserializer<?> content = contentDeserializer == null
        ? ctxt.findContextualValueDeserializer(optionalType.getContentType(), property)
        : ctxt.handleSecondaryContextualization(contentDeserializer, property, optionalType.getContentType());
    TypeDeserializer typeDeserializer = contentTypeDeserializer == null
        ? null
        : contentTypeDeserializer.forProperty(property);
    return new OptionalAsArrayDeserializer(optionalType, typeDeserializer, content);
  }

  @Override
  public Optional<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (!p.isExpectedStartArrayToken()) {
      throw new IllegalArgumentException(
          "expected an optional value as [] or [value], got " + JsonShapes.describe(p.currentToken()));
    }
    JsonToken first = p.nextToken();
    if (first == JsonToken.END_ARRAY) {
      return Optional.empty();
    }
    if (first == JsonToken.VALUE_NULL) {
      throw new IllegalArgumentException("expected an optional value as [] or [value], got [null]");
    }
    Object value;
    try {
      value = contentTypeDeserializer == null
          ? contentDeserializer.deserialize(p, ctxt)
          : contentDeserializer.deserializeWithType(p, ctxt, contentTypeDeserializer);
    } catch (JsonMappingException e) {
      // So that an error names the element ("version[0]"), not the array around it.
      throw JsonMappingException.wrapWithPath(e, Optional.class, 0);
    }
    if (p.nextToken() != JsonToken.END_ARRAY) {
      throw new IllegalArgumentException(
          "expected an optional value as [] or [value], got an array with more than one element");
    }
    return Optional.of(value);
  }

  @Override
  public Optional<?> getNullValue(DeserializationContext ctxt) {
    return Optional.empty();
  }

  @Override
  public Object getAbsentValue(DeserializationContext ctxt) {
    return Optional.empty();
  }

  @Override
  public Object getEmptyValue(DeserializationContext ctxt) {
    return Optional.empty();
  }
}
