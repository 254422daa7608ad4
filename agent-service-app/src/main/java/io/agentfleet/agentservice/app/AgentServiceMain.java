package io.agentfleet.agentservice.app;

import io.agentfleet.agentservice.app.AgentServiceWiring.Started;
import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.Registered;
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

/** Starts the Agent Service. */
@Command(
    name = "agent-service",
    mixinStandardHelpOptions = true,
    version = "agent-service 0.1.0",
    description = "Runs the Agent Service: the protected HTTP front door that forwards spawn and kill requests to the agents.")
public final class AgentServiceMain implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "7655", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "HTTP interface (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--hostname", defaultValue = "127.0.0.1", description = "Address other members reach this one at (default: ${DEFAULT-VALUE}).")
  String hostname;

  @Option(names = "--cluster-port", defaultValue = "3570", description = "Cluster (Artery) port (default: ${DEFAULT-VALUE}).")
  int clusterPort;

  @Option(names = "--seeds", split = ",", paramLabel = "HOST:PORT", converter = SeedNodeConverter.class, description = "Cluster ports of members to join, comma-separated.")
  List<SeedNode> seeds = List.of();

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file with further settings (agent-service.auth …).")
  Optional<Path> configFile;

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new AgentServiceMain());
    int exit = commandLine.execute(args);
    if (exit != 0 || commandLine.isUsageHelpRequested() || commandLine.isVersionHelpRequested()) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() {
    AgentServiceWiring wiring;
    try {
      wiring = new AgentServiceWiring(
          ClusterNodeConfig.load(hostname, clusterPort, seeds, configFile, Map.of("agent-service.http.host", host, "agent-service.http.port", port)),
          hostname);
    } catch (RuntimeException e) {
      System.err.println("agent-service: cannot start: " + e.getMessage());
      return 1;
    }
    try {
      Started started = wiring.start().toCompletableFuture().join();
      if (started.registration() instanceof Registered) {
        System.out.printf("agent service: HTTP API http://%s:%d, cluster member akka://%s@%s:%d%n",
            started.binding().localAddress().getHostString(), started.binding().localAddress().getPort(),
            ClusterNodeConfig.SYSTEM_NAME, hostname, clusterPort);
        System.out.flush();
        return 0;
      }
      System.err.println(started.registration() instanceof AlreadyRegistered taken
          ? "agent-service: another Agent Service is registered at " + taken.existing().uri()
          : "agent-service: cannot register: " + started.registration());
    } catch (CompletionException e) {
      System.err.println("agent-service: cannot start: " + e.getCause().getMessage());
    }
    wiring.system().terminate();
    return 1;
  }
}
