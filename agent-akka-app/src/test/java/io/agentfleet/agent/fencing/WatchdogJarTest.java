package io.agentfleet.agent.fencing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.watchdog.LeaseWatchdog;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchdogJarTest {
  @TempDir Path dir;

  @Test
  void theJarNamesThePremainClassAndHoldsOnlyTheWatchdog() throws Exception {
    Path jar = WatchdogJar.writeTo(dir);
    try (JarFile file = new JarFile(jar.toFile())) {
      assertEquals(LeaseWatchdog.class.getName(), file.getManifest().getMainAttributes().getValue("Premain-Class"));
      List<String> classes = file.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).toList();
      assertTrue(classes.stream().allMatch(n -> n.startsWith("io/agentfleet/watchdog/")), classes.toString());
    }
  }

  @Test
  void aComponentJvmLoadsItAndHaltsWhenItsLeaseIsNeverRenewed() throws Exception {
    Path jar = WatchdogJar.writeTo(dir);
    Process jvm = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-XX:TieredStopAtLevel=1",
        WatchdogJar.javaagentOption(jar, 300, dir.resolve("missing.lease")),
        "-cp", Path.of("target", "test-classes").toAbsolutePath().toString(), ParkForever.class.getName())
        .redirectErrorStream(true).start();
    try {
      assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "halted");
      assertEquals(LeaseWatchdog.FENCED_EXIT_CODE, jvm.exitValue(), new String(jvm.getInputStream().readAllBytes()));
    } finally {
      jvm.destroyForcibly();
    }
  }
}
