package io.agentfleet.location.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
  @Test
  void noPortIsGivenTwice() {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      ports.add(FreePorts.next());
    }
    assertEquals(2000, ports.size());
  }
}
