package io.agentfleet.location.app;

import akka.http.javadsl.ServerBinding;
import io.agentfleet.location.node.ClusterMemberOptions;
import io.agentfleet.location.node.ClusterNodeConfig;
import io.agentfleet.location.node.MemberCli;
import java.util.Map;
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


  @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "Interface of the HTTP API; loopback by default (default: ${DEFAULT-VALUE}).")
  String httpHost;

  @Option(names = "--http-port", defaultValue = "7654", description = "Port of the HTTP API (default: ${DEFAULT-VALUE}).")
  int httpPort;



  @CommandLine.Mixin ClusterMemberOptions member;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    MemberCli.execute(new LocationServiceMain(), args);
  }

  @Override
  public Integer call() {
    validatePort("--cluster-port", member.clusterPort(3552));
    validatePort("--http-port", httpPort);
    LocationServiceWiring wiring;
    try {
      wiring = new LocationServiceWiring(member.config(3552, Map.of("location-service.http.host", httpHost, "location-service.http.port", httpPort)));
    } catch (RuntimeException e) {
      System.err.println("location service: cannot start: " + MemberCli.reason(e));
      return 1;
    }
    ServerBinding binding;
    try {
      binding = wiring.binding().toCompletableFuture().join();
    } catch (CompletionException e) {
      System.err.println("location service: cannot serve HTTP on " + httpHost + ":" + httpPort + ": " + e.getCause().getMessage());
      wiring.system().terminate();
      return 1;
    }
    try {
      wiring.joined().toCompletableFuture().join();
    } catch (CompletionException e) {
      System.err.println("location service: cannot start: " + MemberCli.reason(e.getCause()));
      wiring.system().terminate();
      return 1;
    }
    System.out.printf(
        "location service: cluster member akka://%s@%s:%d, HTTP API http://%s:%d%n",
        ClusterNodeConfig.SYSTEM_NAME,
        member.hostname(),
        member.clusterPort(3552),
        binding.localAddress().getHostString(),
        binding.localAddress().getPort());
    System.out.flush();
    return 0;
  }

  private void validatePort(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " must be between 0 and 65535, was " + port);
    }
  }
}
