package io.agentfleet.location.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DurableRegistryTest {
  private static final String DDATA = "akka.cluster.distributed-data.";

  private static Config load(int port, Map<String, Object> settings) {
    Map<String, Object> all = new java.util.HashMap<>(settings);
    all.put(MemberTransport.INSECURE_PLAIN_TCP, true);
    return ClusterNodeConfig.load("127.0.0.1", port, List.of(), Optional.empty(), all, Map.of());
  }

  @Test
  void replicaStaysInMemoryByDefault() {
    Config config = load(25520, Map.of());
    assertEquals(List.of(), config.getStringList(DDATA + "durable.keys"));
    // Sharding's own replicator keeps Akka's setting (only for remember-entities, which the fleet does not use).
    assertEquals(List.of("shard-*"), config.getStringList("akka.cluster.sharding.distributed-data.durable.keys"));
  }

  @Test
  void durableRegistryKeepsOnlyTheRegistryBucketsOnDiskInAMembersOwnDirectory() {
    Path parent = Path.of("target", "durable-config-test");
    Map<String, Object> on =
        Map.of(DurableRegistry.ROOT + ".enabled", true, DurableRegistry.ROOT + ".directory", parent.toString());
    Config config = load(25520, on);
    assertEquals(List.of("locations-*"), config.getStringList(DDATA + "durable.keys"));
    assertEquals(List.of("shard-*"), config.getStringList("akka.cluster.sharding.distributed-data.durable.keys"));
    String dir = config.getString(DDATA + "durable.lmdb.dir");
    assertEquals(parent.resolve("registry-127.0.0.1-25520").toAbsolutePath().toString(), dir);
    assertNotEquals(dir, load(25521, on).getString(DDATA + "durable.lmdb.dir"), "two members on one host share a directory");
    assertEquals("off", config.getString(DDATA + "durable.lmdb.write-behind-interval"));
    assertEquals(100L * 1024 * 1024, config.getBytes(DDATA + "durable.lmdb.map-size"));
    assertTrue(!dir.endsWith("ddata"), "a directory ending in ddata would be renamed by Akka");
  }

  @Test
  void durableRegistryNeedsAFixedClusterPort() {
    var failure =
        assertThrows(
            IllegalArgumentException.class, () -> load(0, Map.of(DurableRegistry.ROOT + ".enabled", true)));
    assertTrue(failure.getMessage().contains("fixed cluster port"), failure.getMessage());
  }
}
