package io.agentfleet.agentservice.api.json;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleSerializers;
import com.fasterxml.jackson.databind.type.ReferenceType;
import java.util.Optional;

/**
 * Reads and writes {@code Optional<T>} as a JSON array of zero or one element ({@code []} / {@code [x]}),
 * the way ESW's borer codecs encode {@code Option}.
 *
 * <p>Register it after {@code Jdk8Module}: Jackson asks the last registered module first, and
 * {@code Jdk8Module} is still needed because it is what makes {@code Optional} a reference type.
 */
public final class OptionalAsArrayModule extends SimpleModule {

  public OptionalAsArrayModule() {
    super("OptionalAsArrayModule");
    setSerializers(new OptionalSerializers());
    setDeserializers(new OptionalDeserializers());
  }

  private static final class OptionalSerializers extends SimpleSerializers {
    @Override
    public JsonSerializer<?> findReferenceSerializer(
        SerializationConfig config,
        ReferenceType type,
        BeanDescription beanDesc,
        TypeSerializer contentTypeSerializer,
        JsonSerializer<Object> contentValueSerializer) {
      return type.hasRawClass(Optional.class) ? new OptionalAsArraySerializer(type) : null;
    }
  }

  private static final class OptionalDeserializers extends SimpleDeserializers {
    @Override
    public JsonDeserializer<?> findReferenceDeserializer(
        ReferenceType type,
        DeserializationConfig config,
        BeanDescription beanDesc,
        TypeDeserializer contentTypeDeserializer,
        JsonDeserializer<?> contentDeserializer) {
      return type.hasRawClass(Optional.class)
          ? new OptionalAsArrayDeserializer(type, contentTypeDeserializer, contentDeserializer)
          : null;
    }
  }
}
