package io.agentfleet.agentservice.http;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The JSON of the last value written, reused while the same value comes again: the status and the
 * listing change seldom and are read on every request, and writing them was a visible part of each
 * request in the profile. Thread-safe; a value that differs is simply written and remembered instead.
 */
final class LastRendered<T> {
  private record Rendered<T>(T value, byte[] json) {}

  private final Function<T, byte[]> write;
  private final AtomicReference<Rendered<T>> last = new AtomicReference<>();

  LastRendered(Function<T, byte[]> write) {
    this.write = write;
  }

  /** {@code value} as JSON. Callers must not change the array (Akka HTTP copies it into the entity). */
  byte[] json(T value) {
    Rendered<T> rendered = last.get();
    if (rendered != null && (rendered.value() == value || rendered.value().equals(value))) {
      return rendered.json();
    }
    byte[] json = write.apply(value);
    last.set(new Rendered<>(value, json));
    return json;
  }
}
