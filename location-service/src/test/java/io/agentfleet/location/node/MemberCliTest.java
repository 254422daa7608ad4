package io.agentfleet.location.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemberCliTest {
  private static final String KEY = "java.util.concurrent.ForkJoinPool.common.parallelism";
  private String before;

  @BeforeEach
  void remember() {
    before = System.getProperty(KEY);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(KEY);
    } else {
      System.setProperty(KEY, before);
    }
  }

  @Test
  void asyncCallbacksGetAPoolOfAtLeastTwoThreads() {
    System.clearProperty(KEY);
    MemberCli.useAPoolForAsyncCallbacks();
    int parallelism = Integer.parseInt(System.getProperty(KEY));
    assertTrue(parallelism >= 2, "parallelism " + parallelism);
    assertEquals(Math.max(2, Runtime.getRuntime().availableProcessors() - 1), parallelism);
  }

  @Test
  void anOperatorsOwnValueIsKept() {
    System.setProperty(KEY, "7");
    MemberCli.useAPoolForAsyncCallbacks();
    assertEquals("7", System.getProperty(KEY));
  }
}
