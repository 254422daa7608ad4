package io.agentfleet.location.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Registry nodes in separate JVMs on loopback, started from location-service's executable jar. */
public final class RegistryCluster implements AutoCloseable {
  private final List<MemberProcess> nodes = new ArrayList<>();
  private final List<Integer> clusterPorts = new ArrayList<>();

  /** Starts {@code size} nodes, the first as seed, and waits until every one sees all of them. */
  public static RegistryCluster start(Path jar, int size) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: integration tests run after `mvn package`");
    }
    RegistryCluster cluster = new RegistryCluster();
    try {
      for (int i = 0; i < size; i++) {
        cluster.add(jar);
      }
      for (MemberProcess node : cluster.nodes) {
        node.awaitHealthy(size, Duration.ofSeconds(90));
      }
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void add(Path jar) {
    int clusterPort = FreePorts.next();
    int httpPort = FreePorts.next();
    List<String> args = new ArrayList<>(List.of("--cluster-port", "" + clusterPort, "--http-port", "" + httpPort));
    args.addAll(clusterPorts.isEmpty() ? List.of("--new-cluster") : List.of("--seeds", "127.0.0.1:" + clusterPorts.get(0)));
    clusterPorts.add(clusterPort);
    nodes.add(MemberProcess.start("registry-" + nodes.size(), jar, httpPort, args));
  }

  public MemberProcess node(int i) {
    return nodes.get(i);
  }

  public int size() {
    return nodes.size();
  }

  /** The cluster port of the first node, for other members to join through. */
  public String seed() {
    return "127.0.0.1:" + clusterPorts.get(0);
  }

  @Override
  public void close() {
    nodes.forEach(MemberProcess::close);
  }
}
