package io.agentfleet.location.app;

import akka.http.javadsl.ServerBinding;
import io.agentfleet.location.node.ClusterNodeConfig;
import io.agentfleet.location.node.SeedNode;
import io.agentfleet.location.node.SeedNodeConverter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts a registry node: a cluster member hosting the location registry and its HTTP API. */
@Command(
    name = "location-service",
    mixinStandardHelpOptions = true,
    version = "location-service 0.1.0",
    description = "Runs a node of the cluster-wide location registry and serves its HTTP API.")
public final class LocationServiceMain implements Callable<Integer> {
  @Option(names = "--hostname", defaultValue = "127.0.0.1", description = "Address other members reach this node at (default: ${DEFAULT-VALUE}).")
  String hostname;

  @Option(names = "--cluster-port", defaultValue = "3552", description = "Cluster (Artery) port of this node (default: ${DEFAULT-VALUE}).")
  int clusterPort;

  @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "Interface of the HTTP API; loopback by default (default: ${DEFAULT-VALUE}).")
  String httpHost;

  @Option(names = "--http-port", defaultValue = "7654", description = "Port of the HTTP API (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--seeds",
      split = ",",
      paramLabel = "HOST:PORT",
      converter = SeedNodeConverter.class,
      description = "Cluster ports of members to join, comma-separated. Without seeds this node starts a new cluster.")
  List<SeedNode> seeds = List.of();

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file with further settings (see reference.conf).")
  Optional<Path> configFile;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new LocationServiceMain());
    int exit = commandLine.execute(args);
    if (exit != 0 || commandLine.isUsageHelpRequested() || commandLine.isVersionHelpRequested()) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() {
    validatePort("--cluster-port", clusterPort);
    validatePort("--http-port", httpPort);
    var config =
        ClusterNodeConfig.load(
            hostname,
            clusterPort,
            seeds,
            configFile,
            Map.of("location-service.http.host", httpHost, "location-service.http.port", httpPort));
    LocationServiceWiring wiring = new LocationServiceWiring(config);
    try {
      ServerBinding binding = wiring.binding().toCompletableFuture().join();
      System.out.printf(
          "location service: cluster member akka://%s@%s:%d, HTTP API http://%s:%d%n",
          ClusterNodeConfig.SYSTEM_NAME,
          hostname,
          clusterPort,
          binding.localAddress().getHostString(),
          binding.localAddress().getPort());
      System.out.flush();
      return 0;
    } catch (CompletionException e) {
      System.err.println("location service: cannot serve HTTP on " + httpHost + ":" + httpPort + ": " + e.getCause().getMessage());
      wiring.system().terminate();
      return 1;
    }
  }

  private void validatePort(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " must be between 0 and 65535, was " + port);
    }
  }
}
