package io.agentfleet.agent.kinds;

import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.ConnectionType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * @param defaultVersion the {@code ${version}} of a request that names none; present exactly when the
 *     args use {@code ${version}}, so only such kinds take a version
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
    RestartPolicy restart,
    Optional<String> defaultVersion) {
  public ComponentKind {
    classpath = List.copyOf(classpath);
    jvmOptions = List.copyOf(jvmOptions);
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }

  /** Versions a request may name: a release-like token, since it becomes an argument (and maybe a path). */
  private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

  /**
   * The version to launch for a request naming {@code requested}: the requested one, else the default.
   *
   * @throws IllegalArgumentException when this kind takes no version, or the version is malformed
   */
  public Optional<String> versionFor(Optional<String> requested) {
    if (requested.isEmpty()) {
      return defaultVersion;
    }
    if (defaultVersion.isEmpty()) {
      throw new IllegalArgumentException("component kind '" + name + "' takes no version (its args do not use ${version}), but "
          + requested.get() + " was asked for");
    }
    if (!VERSION.matcher(requested.get()).matches()) {
      throw new IllegalArgumentException("'" + requested.get() + "' is not a version (letters, digits and . _ + -, at most 64)");
    }
    return requested;
  }
}
