package io.agentfleet.agent.app;

import io.agentfleet.agent.app.AgentWiring.Started;
import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.model.InvalidNameException;
import io.agentfleet.location.model.Prefix;
import io.agentfleet.location.node.ClusterMemberOptions;
import io.agentfleet.location.node.ClusterNodeConfig;
import io.agentfleet.location.node.MemberCli;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the agent of this host. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    version = "agent 0.1.0",
    description = "Runs the agent of this host: it spawns and kills the components configured for it, after taking their names in the location registry.")
public final class AgentMain implements Callable<Integer> {
  @Option(names = "--prefix", required = true, converter = PrefixConverter.class, description = "The agent's prefix, e.g. ESW.machine1 (registered as <prefix>-Machine-akka).")
  Prefix prefix;



  @Option(names = "--registry-http-port", defaultValue = "7654", description = "Port of the registry HTTP API the agent serves for its components, on loopback (default: ${DEFAULT-VALUE}).")
  int registryHttpPort;



  @CommandLine.Mixin ClusterMemberOptions member;

  public static void main(String[] args) {
    MemberCli.execute(new AgentMain(), args);
  }

  @Override
  public Integer call() {
    AgentWiring wiring;
    try {
      wiring = new AgentWiring(member.config(3560, Map.of("location-service.http.port", registryHttpPort)), prefix, member.hostname());
    } catch (RuntimeException e) {
      System.err.println("agent: cannot start: " + MemberCli.reason(e));
      return 1;
    }
    try {
      Started started = wiring.start().toCompletableFuture().join();
      if (started.registration() instanceof Registered) {
        System.out.printf("agent %s: cluster member akka://%s@%s:%d, registry HTTP API http://%s:%d%n",
            prefix, ClusterNodeConfig.SYSTEM_NAME, member.hostname(), member.clusterPort(3560),
            started.registryBinding().localAddress().getHostString(), started.registryBinding().localAddress().getPort());
        System.out.flush();
        return 0;
      }
      if (started.registration() instanceof AlreadyRegistered taken) {
        System.err.println("agent: the prefix " + prefix + " is already taken by the agent at " + taken.existing().uri()
            + taken.existing().hostname().map(h -> " on " + h).orElse("") + "; choose another --prefix");
      } else {
        System.err.println("agent: cannot register " + prefix + ": " + started.registration());
      }
    } catch (CompletionException e) {
      System.err.println("agent: cannot start: " + MemberCli.reason(e.getCause()));
    }
    wiring.system().terminate();
    return 1;
  }

  /** Parses a prefix strictly. */
  static final class PrefixConverter implements CommandLine.ITypeConverter<Prefix> {
    @Override
    public Prefix convert(String value) {
      try {
        return Prefix.parse(value);
      } catch (InvalidNameException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
