package io.agentfleet.local;

import io.agentfleet.location.node.tls.LocalPki;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a whole fleet on this machine until Ctrl-C. */
@Command(
    name = "fleet-local",
    mixinStandardHelpOptions = true,
    version = "fleet-local 0.1.0",
    description = "Runs a fleet on this machine, each part a JVM of its own: Keycloak with a demo realm, a registry "
        + "node, the agents ESW.machine1 and IRIS.machine1, the Agent Service and a few sample components. Prints "
        + "what runs where and the CLI commands to try, then a line with `ready`. Ctrl-C stops all of it.%n"
        + "Exit codes: 1 cannot start (a port in use, a module not built, a member that failed), 2 usage.")
public final class LocalFleetMain implements Callable<Integer> {
  static final List<String> AGENTS = List.of("ESW.machine1", "IRIS.machine1");
  static final List<LocalFleet.Sample> SAMPLES = List.of(
      new LocalFleet.Sample("ESW.machine1", "sample", "ESW.sample1"),
      new LocalFleet.Sample("ESW.machine1", "sequence-component", "ESW.primary"),
      new LocalFleet.Sample("IRIS.machine1", "sample", "IRIS.sample1"));

  @Option(names = "--home", paramLabel = "DIR", description = "The built source tree (default: the one this jar is in).")
  Path home;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Logs of this fleet (default: $FLEET_LOCAL_STATE, else fleet-local/target/state in the source tree).")
  Path stateDir;

  @Option(names = "--keycloak-port", defaultValue = "8081", description = "Keycloak HTTP (default: ${DEFAULT-VALUE}).")
  int keycloakPort;

  @Option(names = "--keycloak-management-port", defaultValue = "9001", description = "Keycloak health and metrics (default: ${DEFAULT-VALUE}).")
  int keycloakManagementPort;

  @Option(names = "--registry-cluster-port", defaultValue = "3552", description = "Registry node, cluster (default: ${DEFAULT-VALUE}).")
  int registryClusterPort;

  @Option(names = "--registry-http-port", defaultValue = "7654", description = "Registry node, HTTP API (default: ${DEFAULT-VALUE}).")
  int registryHttpPort;

  @Option(names = "--agent-cluster-ports", split = ",", defaultValue = "3560,3561", description = "The two agents, cluster (default: ${DEFAULT-VALUE}).")
  List<Integer> agentClusterPorts;

  @Option(names = "--agent-http-ports", split = ",", defaultValue = "7660,7661", description = "The two agents, registry HTTP API (default: ${DEFAULT-VALUE}).")
  List<Integer> agentHttpPorts;

  @Option(names = "--service-port", defaultValue = "7655", description = "Agent Service HTTP API (default: ${DEFAULT-VALUE}).")
  int servicePort;

  @Option(names = "--service-cluster-port", defaultValue = "3570", description = "Agent Service, cluster (default: ${DEFAULT-VALUE}).")
  int serviceClusterPort;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int exit = new CommandLine(new LocalFleetMain()).execute(args);
    System.exit(exit);
  }

  @Override
  public Integer call() throws Exception {
    if (agentClusterPorts.size() != AGENTS.size() || agentHttpPorts.size() != AGENTS.size()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--agent-cluster-ports and --agent-http-ports need " + AGENTS.size() + " ports each, one per agent");
    }
    Path source = home != null ? home : FleetLayout.homeOfThisJar();
    Path state = stateDir != null ? stateDir
        : Path.of(System.getenv().getOrDefault("FLEET_LOCAL_STATE", source.resolve("fleet-local/target/state").toString()));
    LocalPorts ports = new LocalPorts(keycloakPort, keycloakManagementPort, registryClusterPort, registryHttpPort,
        agentClusterPorts, agentHttpPorts, servicePort, serviceClusterPort);
    // A member that dies while the fleet runs is said at once; the rest keeps running, as in a real fleet.
    FleetProcesses processes = new FleetProcesses(member -> System.out.println("local fleet: " + member.name()
        + " exited with code " + member.process().exitValue() + "; its log: " + member.log()));
    // Members talk mutual TLS with certificates of a local CA, made once (keytool) and kept with the state.
    List<String> memberTls;
    try {
      memberTls = LocalPki.ensure(state.resolve("pki")).jvmOptions();
    } catch (RuntimeException e) {
      System.err.println("local fleet: cannot make the members' certificates in " + state.resolve("pki") + ": " + e.getMessage());
      return 1;
    }
    LocalFleet fleet = new LocalFleet(new FleetLayout(source, state), ports, AGENTS, SAMPLES, processes, memberTls, System.out);

    CountDownLatch stopped = new CountDownLatch(1);
    Thread stopper = new Thread(() -> {
      if (processes.startedAny()) {
        System.out.println("local fleet: stopping");
        fleet.stop();
        System.out.println("local fleet: stopped");
        System.out.flush();
      }
      stopped.countDown();
    }, "fleet-local-stop");
    // Registered before anything starts, so a Ctrl-C during start-up stops what has started so far.
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      fleet.start();
    } catch (LaunchFailure e) {
      System.err.println("local fleet: cannot start: " + e.getMessage());
      System.err.flush();
      return 1;
    }
    // Runs until Ctrl-C; the shutdown hook does the stopping.
    stopped.await();
    return 0;
  }
}
