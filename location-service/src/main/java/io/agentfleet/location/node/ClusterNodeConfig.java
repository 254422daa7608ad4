package io.agentfleet.location.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the configuration of a fleet member from command-line options: the options win over an
 * operator's config file, which wins over fleet-cluster.conf, which wins over the reference.conf files.
 */
public final class ClusterNodeConfig {
  /** Every member of the fleet runs an actor system of this name; addresses depend on it. */
  public static final String SYSTEM_NAME = "fleet";

  /** Resource with the Akka settings of every fleet member (see its header for why it is separate). */
  public static final String CLUSTER_DEFAULTS = "fleet-cluster.conf";

  private ClusterNodeConfig() {}

  /**
   * @param hostname the address other members reach this one at
   * @param clusterPort this member's cluster port (0 picks a free one)
   * @param seeds members to join through; empty means this node starts a new cluster by itself
   * @param configFile an operator's HOCON file
   * @param overrides further settings by path, e.g. the HTTP port
   */
  public static Config load(
      String hostname, int clusterPort, List<SeedNode> seeds, Optional<Path> configFile, Map<String, Object> overrides) {
    return load(hostname, clusterPort, seeds, configFile, overrides, System.getenv());
  }

  /** Like {@link #load(String, int, List, Optional, Map)}, with the environment that may hold the TLS password. */
  public static Config load(
      String hostname,
      int clusterPort,
      List<SeedNode> seeds,
      Optional<Path> configFile,
      Map<String, Object> overrides,
      Map<String, String> env) {
    Map<String, Object> values = new HashMap<>(overrides);
    values.put("akka.remote.artery.canonical.hostname", hostname);
    values.put("akka.remote.artery.canonical.port", clusterPort);
    // Without seeds the node joins itself once started (see ClusterJoin), so a free port works too.
    values.put(
        "akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds.stream().map(SeedNode::akkaAddress).toList()));
    Config config = layered(values, configFile);
    MemberTransport transport = MemberTransport.fromConfig(config, env);
    transport.check();
    // Every member, since every member may be the one that frees a lost member's names.
    FencingTiming.fromConfig(config).check();
    FencingTiming.requireResolverCountsRegistry(config);
    MemberTransport.announce(transport, config);
    Config durable =
        DurableRegistry.fromConfig(config)
            .akkaSettings(
                config.getString("akka.remote.artery.canonical.hostname"), config.getInt("akka.remote.artery.canonical.port"));
    return transport.akkaSettings().withFallback(durable).withFallback(config);
  }

  /**
   * Fails with {@link MemberTransport.NotChosen} when these settings, over the system properties, the
   * config file and the defaults, name neither member TLS files nor plain TCP. Other problems (an
   * unreadable file) are left to {@link #load}, which names them.
   */
  public static void requireTransportChoice(Optional<Path> configFile, Map<String, Object> overrides) {
    try {
      // Any password will do here: only whether a transport was chosen is checked.
      MemberTransport.fromConfig(layered(overrides, configFile), Map.of(MemberTransport.PASSWORD_ENV, "-"));
    } catch (MemberTransport.NotChosen e) {
      throw e;
    } catch (RuntimeException e) {
      // load reports it with the member's own "cannot start" line.
    }
  }

  private static Config layered(Map<String, Object> values, Optional<Path> configFile) {
    Config fromFile =
        configFile
            .map(
                path -> {
                  if (!Files.isReadable(path)) {
                    throw new IllegalArgumentException("config file " + path + " is not readable");
                  }
                  return ConfigFactory.parseFile(path.toFile());
                })
            .orElse(ConfigFactory.empty());
    return ConfigFactory.parseMap(values)
        .withFallback(ConfigFactory.systemProperties())
        .withFallback(fromFile)
        .withFallback(clusterDefaults())
        .resolve();
  }

  /** The fleet's Akka settings over the reference configuration, unresolved. */
  public static Config clusterDefaults() {
    return ConfigFactory.parseResources(CLUSTER_DEFAULTS).withFallback(ConfigFactory.defaultReference());
  }
}
