package io.agentfleet.agentservice.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.ReferenceType;
import java.io.IOException;
import java.util.Optional;

/** Writes an {@code Optional} as {@code []} or {@code [value]}. */
final class OptionalAsArraySerializer extends StdSerializer<Optional<?>> {

  private final ReferenceType optionalType;

  OptionalAsArraySerializer(ReferenceType optionalType) {
    super(optionalType);
    this.optionalType = optionalType;
  }

  @Override
  public void serialize(Optional<?> optional, JsonGenerator gen, SerializerProvider provider) throws IOException {
    gen.writeStartArray();
    if (optional.isPresent()) {
      // The typed lookup adds "_type" when the content type is polymorphic.
      provider.findTypedValueSerializer(optionalType.getContentType(), true, null)
          .serialize(optional.get(), gen, provider);
    }
    gen.writeEndArray();
  }

  @Override
  public boolean isEmpty(SerializerProvider provider, Optional<?> value) {
    return value.isEmpty();
  }
}
