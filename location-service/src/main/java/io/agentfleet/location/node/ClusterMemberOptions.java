package io.agentfleet.location.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The command-line options every fleet member shares (a picocli mixin): where it is and whom it joins. */
public final class ClusterMemberOptions {
  @Option(names = "--hostname", defaultValue = "127.0.0.1", description = "Address other members reach this one at (default: ${DEFAULT-VALUE}).")
  String hostname;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "Cluster (Artery) port of this member (default: 3552 registry node, 3560 agent, 3570 Agent Service).")
  Optional<Integer> clusterPort = Optional.empty();

  @Option(names = "--seeds", split = ",", paramLabel = "HOST:PORT", converter = SeedNodeConverter.class,
      description = "Cluster ports of running members to join through, comma-separated. Every member needs --seeds or --new-cluster.")
  List<SeedNode> seeds = List.of();

  @Option(names = "--new-cluster",
      description = "Found a new cluster instead of joining one: only for the first member of a fleet, never to restart a member of a running one.")
  boolean newCluster;

  @Option(names = "--no-registry-role",
      description = "Join without the registry role: this member hosts no registry shard or replica and reads the registry"
          + " through a registry member. For agents of a large fleet with 3-5 dedicated registry nodes (docs/operations.md).")
  boolean noRegistryRole;

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file with further settings (see the modules' reference.conf).")
  Optional<Path> configFile = Optional.empty();

  @Option(names = "--tls-key-store", paramLabel = "FILE",
      description = "PKCS12 file with this member's key and certificate, signed by the fleet's CA (location-service.cluster.tls.key-store).")
  Optional<Path> tlsKeyStore = Optional.empty();

  @Option(names = "--tls-trust-store", paramLabel = "FILE",
      description = "PKCS12 file with the fleet's CA certificate: only members it signed may talk to this one (location-service.cluster.tls.trust-store).")
  Optional<Path> tlsTrustStore = Optional.empty();

  @Option(names = "--tls-password-file", paramLabel = "FILE",
      description = "File whose first line is the stores' password (default: the environment variable FLEET_TLS_PASSWORD).")
  Optional<Path> tlsPasswordFile = Optional.empty();

  @Option(names = "--insecure-plain-tcp",
      description = "Talk to other members over plain, unauthenticated TCP: any process that reaches the cluster port can join. A closed test bench only.")
  boolean insecurePlainTcp;

  /** Whether this member joins without the registry role ({@code --no-registry-role}). */
  public boolean noRegistryRole() {
    return noRegistryRole;
  }

  public String hostname() {
    return hostname;
  }

  public int clusterPort(int defaultPort) {
    return clusterPort.orElse(defaultPort);
  }

  /**
   * Refuses a command line that does not say whether this member joins a cluster or founds one. A
   * member that silently founded its own cluster would let names taken in the fleet's run again.
   */
  void requireJoinOrFound(CommandLine commandLine) {
    if (seeds.isEmpty() && !newCluster) {
      throw new CommandLine.ParameterException(
          commandLine,
          "Missing --seeds or --new-cluster: add --seeds HOST:PORT,... (cluster ports of running members) to join the"
              + " fleet's cluster, or --new-cluster to found a new one (only for the first member of a fleet).");
    }
    if (!seeds.isEmpty() && newCluster) {
      throw new CommandLine.ParameterException(
          commandLine,
          "--seeds and --new-cluster exclude each other: a member either joins the cluster of its seeds or founds a new"
              + " one. Drop --new-cluster to join through " + seeds + ", or --seeds to found a new cluster.");
    }
  }

  /**
   * Refuses a command line after which this member would have neither member TLS (flags, config file
   * or -D settings) nor an explicit plain-TCP setting.
   */
  void requireTransportChoice(CommandLine commandLine) {
    try {
      ClusterNodeConfig.requireTransportChoice(configFile, transportSettings());
    } catch (MemberTransport.NotChosen e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage());
    }
  }

  /** This member's configuration: these options, then {@code overrides}, over the config file and defaults. */
  public Config config(int defaultClusterPort, Map<String, Object> overrides) {
    int port = clusterPort(defaultClusterPort);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--cluster-port must be between 0 and 65535, was " + port);
    }
    Map<String, Object> settings = new HashMap<>(overrides);
    settings.putAll(transportSettings());
    if (noRegistryRole) {
      settings.put("akka.cluster.roles", List.of());
    }
    return ClusterNodeConfig.load(hostname, port, seedsOtherThan(port), configFile, settings);
  }

  /** The transport flags given, as settings (absent flags leave the config file's and defaults' values). */
  private Map<String, Object> transportSettings() {
    Map<String, Object> settings = new HashMap<>();
    tlsKeyStore.ifPresent(path -> settings.put(MemberTransport.KEY_STORE, path.toString()));
    tlsTrustStore.ifPresent(path -> settings.put(MemberTransport.TRUST_STORE, path.toString()));
    tlsPasswordFile.ifPresent(path -> settings.put(MemberTransport.PASSWORD_FILE, path.toString()));
    if (insecurePlainTcp) {
      settings.put(MemberTransport.INSECURE_PLAIN_TCP, true);
    }
    return settings;
  }

  /**
   * The seeds without this member itself: Akka lets a member that is the first of its own seeds found
   * a new cluster when no other seed answers in time, and founding is only ever done with --new-cluster.
   */
  private List<SeedNode> seedsOtherThan(int port) {
    List<SeedNode> others = seeds.stream().filter(seed -> !(seed.host().equals(hostname) && seed.port() == port)).toList();
    if (!seeds.isEmpty() && others.isEmpty()) {
      throw new IllegalArgumentException(
          "--seeds names only this member (" + hostname + ":" + port + "): name running members to join, or use"
              + " --new-cluster to found a new cluster");
    }
    return others;
  }
}
