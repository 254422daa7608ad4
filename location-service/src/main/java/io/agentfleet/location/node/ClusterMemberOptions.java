package io.agentfleet.location.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The command-line options every fleet member shares (a picocli mixin): where it is and whom it joins. */
public final class ClusterMemberOptions {
  @Option(names = "--hostname", defaultValue = "127.0.0.1", description = "Address other members reach this one at (default: ${DEFAULT-VALUE}).")
  String hostname;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "Cluster (Artery) port of this member (default: 3552 registry node, 3560 agent, 3570 Agent Service).")
  Optional<Integer> clusterPort = Optional.empty();

  @Option(names = "--seeds", split = ",", paramLabel = "HOST:PORT", converter = SeedNodeConverter.class,
      description = "Cluster ports of members to join, comma-separated. Without seeds this member starts a new cluster.")
  List<SeedNode> seeds = List.of();

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file with further settings (see the modules' reference.conf).")
  Optional<Path> configFile = Optional.empty();

  public String hostname() {
    return hostname;
  }

  public int clusterPort(int defaultPort) {
    return clusterPort.orElse(defaultPort);
  }

  /** This member's configuration: these options, then {@code overrides}, over the config file and defaults. */
  public Config config(int defaultClusterPort, Map<String, Object> overrides) {
    int port = clusterPort(defaultClusterPort);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--cluster-port must be between 0 and 65535, was " + port);
    }
    return ClusterNodeConfig.load(hostname, port, seeds, configFile, overrides);
  }
}
