package io.agentfleet.agentservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LastRenderedTest {
  private final AtomicInteger writes = new AtomicInteger();
  private final LastRendered<List<String>> rendered = new LastRendered<>(value -> {
    writes.incrementAndGet();
    return value.toString().getBytes(StandardCharsets.UTF_8);
  });

  @Test
  void anEqualValueReusesTheLastJson() {
    byte[] first = rendered.json(List.of("a"));
    assertSame(first, rendered.json(List.of("a")));
    assertEquals(1, writes.get());
  }

  @Test
  void aDifferentValueIsWrittenAndRemembered() {
    rendered.json(List.of("a"));
    assertEquals("[b]", new String(rendered.json(List.of("b")), StandardCharsets.UTF_8));
    rendered.json(List.of("b"));
    assertEquals(2, writes.get());
  }
}
