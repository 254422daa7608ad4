package io.agentfleet.agentservice.app;

import io.agentfleet.agentservice.app.AgentServiceWiring.Started;
import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.node.ClusterMemberOptions;
import io.agentfleet.location.node.ClusterNodeConfig;
import io.agentfleet.location.node.MemberCli;
import java.util.Map;
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





  @CommandLine.Mixin ClusterMemberOptions member;

  public static void main(String[] args) {
    MemberCli.execute(new AgentServiceMain(), args);
  }

  @Override
  public Integer call() {
    AgentServiceWiring wiring;
    try {
      wiring = new AgentServiceWiring(
          member.config(3570, Map.of("agent-service.http.host", host, "agent-service.http.port", port)), member.hostname());
    } catch (RuntimeException e) {
      System.err.println("agent-service: cannot start: " + MemberCli.reason(e));
      return 1;
    }
    try {
      Started started = wiring.start().toCompletableFuture().join();
      if (started.registration() instanceof Registered) {
        System.out.printf("agent service: HTTP API %s, cluster member akka://%s@%s:%d%n",
            started.uri().toString().replaceFirst("/$", ""),
            ClusterNodeConfig.SYSTEM_NAME, member.hostname(), member.clusterPort(3570));
        System.out.flush();
        return 0;
      }
      System.err.println(started.registration() instanceof AlreadyRegistered taken
          ? "agent-service: another Agent Service is registered at " + taken.existing().uri()
          : "agent-service: cannot register: " + started.registration());
    } catch (CompletionException e) {
      System.err.println("agent-service: cannot start: " + MemberCli.reason(e.getCause()));
    }
    wiring.system().terminate();
    return 1;
  }
}
