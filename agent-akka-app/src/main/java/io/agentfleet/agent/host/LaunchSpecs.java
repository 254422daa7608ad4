package io.agentfleet.agent.host;

import io.agentfleet.agent.kinds.ComponentKind;
import io.agentfleet.agent.kinds.LaunchCommand;
import io.agentfleet.agent.logs.ComponentLogFiles;
import io.agentfleet.agent.process.LaunchSpec;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Prefix;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the agent starts for one run of a component: command line, environment, log file. */
final class LaunchSpecs {
  private LaunchSpecs() {}

  static LaunchSpec of(AgentSettings settings, ComponentKind kind, Connection connection, long epoch, Optional<String> version, List<String> args) {
    Prefix prefix = connection.prefix();
    Map<String, String> values = new HashMap<>(Map.of(
        "prefix", prefix.toString(),
        "subsystem", prefix.subsystem(),
        "componentName", prefix.componentName(),
        "componentType", connection.componentType().name(),
        "epoch", Long.toString(epoch),
        "agentPrefix", settings.prefix().toString()));
    version.ifPresent(v -> values.put("version", v));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Map<String, String> env = new HashMap<>(kind.env());
    env.put("AGENT_COMPONENT_PREFIX", prefix.toString());
    env.put("AGENT_COMPONENT_TYPE", connection.componentType().name());
    env.put("AGENT_CONNECTION_TYPE", connection.connectionType().wireName());
    env.put("AGENT_COMPONENT_EPOCH", Long.toString(epoch));
    env.put("AGENT_PREFIX", settings.prefix().toString());
    env.put("AGENT_HOSTNAME", settings.hostname());
    env.put("LOCATION_REGISTRY_URL", settings.registryUrl().toString());
    // One file per component, whichever run: a relaunch appends to it.
    Path log = ComponentLogFiles.fileOf(settings.logDirectory(), connection.componentId());
    return new LaunchSpec(connection.name() + "-" + epoch, LaunchCommand.build(java, kind, values, args), env, log, settings.maxLogBytes(), settings.maxLogFiles());
  }
}
