package io.agentfleet.agent.kinds;

import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.ConnectionType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A kind of component an agent may launch ({@code agent.components.<name>}). Only configured kinds
 * can be launched: a request names a kind and fills its {@code ${args}}, it never carries a command.
 *
 * @param mainClass the class whose main is run
 * @param classpath entries of the JVM's class path
 * @param jvmOptions options placed before the main class
 * @param args the argument template; see {@link LaunchCommand} for the placeholders
 * @param env extra environment variables
 * @param componentType the type a spawned component registers as, unless the request names one
 * @param connectionType how the component registers (the agent waits for that connection)
 * @param registrationTimeout how long a spawned process has to register
 * @param killGrace how long a process has to exit after SIGTERM before it is SIGKILLed
 * @param restart whether and how a component that ends unasked is relaunched
 */
public record ComponentKind(
    String name,
    String mainClass,
    List<String> classpath,
    List<String> jvmOptions,
    List<String> args,
    Map<String, String> env,
    ComponentType componentType,
    ConnectionType connectionType,
    Duration registrationTimeout,
    Duration killGrace,
    RestartPolicy restart) {
  public ComponentKind {
    classpath = List.copyOf(classpath);
    jvmOptions = List.copyOf(jvmOptions);
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }
}
