package io.agentfleet.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place where the local fleet starts a process: every member's command line, environment and
 * log go through here, so a JVM option every member needs (TLS between members, say) is added once.
 *
 * <p>Each process is marked with the state directory ({@code FLEET_LOCAL_STATE} in its environment,
 * inherited by the components agents spawn, and {@code -Dfleet.local.state} on JVM command lines), so
 * what belongs to this fleet can be found.
 */
final class MemberLauncher {
  private final FleetLayout layout;
  private final FleetProcesses processes;
  private final List<String> extraJvmOptions;

  MemberLauncher(FleetLayout layout, FleetProcesses processes, List<String> extraJvmOptions) {
    this.layout = layout;
    this.processes = processes;
    this.extraJvmOptions = List.copyOf(extraJvmOptions);
  }

  /**
   * {@code java @optionsFile … -jar jar args…}, its output in {@code <state>/logs/<name>.log}: the JVM
   * settings of a shipped options file ({@code deploy/jvm/*.options}, a JDK argument file), so members
   * are launched the way the operations guide launches them.
   */
  Member startJar(String name, Path jar, Path optionsFile, List<String> jvmOptions, List<String> args) {
    return start(name, jarCommand(List.of("@" + optionsFile), jar, jvmOptions, args), Map.of(), layout.home());
  }

  /** The command line of a member: launch settings first, so the options after them win. */
  List<String> jarCommand(List<String> launchSettings, Path jar, List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launchSettings);
    command.add("-Dfleet.local.state=" + layout.stateDir());
    command.addAll(extraJvmOptions);
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    return command;
  }

  /** Any command, e.g. Keycloak's start script, in {@code workDir} with {@code env} added. */
  Member start(String name, List<String> command, Map<String, String> env, Path workDir) {
    try {
      Path log = Files.createDirectories(layout.logs()).resolve(name + ".log");
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.PIPE);
      // Keycloak reads settings from these; the shell's own must not change the demo's.
      builder.environment().keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("KEYCLOAK_")
          || k.startsWith("QUARKUS_") || k.startsWith("JAVA_OPTS"));
      builder.environment().putAll(env);
      builder.environment().put("FLEET_LOCAL_STATE", layout.stateDir().toString());
      Member member = processes.start(name, builder, log);
      // Nothing reads a member's stdin; closed, it cannot hold the member up waiting for input.
      member.process().getOutputStream().close();
      return member;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }
}
