package io.agentfleet.agentservice.failover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** A managed component as the JSON text kept in the replicated store. Thread-safe. */
final class ManagedComponentJson {
  private final ObjectMapper json = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      // A record written by a newer version still reads.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  String write(ManagedComponent managed) {
    try {
      return json.writeValueAsString(managed);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + managed.component(), e);
    }
  }

  ManagedComponent read(String text) {
    try {
      return json.readValue(text, ManagedComponent.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read a managed component: " + e.getOriginalMessage(), e);
    }
  }
}
