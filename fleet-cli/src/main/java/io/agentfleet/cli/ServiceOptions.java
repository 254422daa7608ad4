package io.agentfleet.cli;

import io.agentfleet.agentservice.api.client.AgentServiceClientSettings;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the Agent Service is, whose login to use, and how to print: options of every service command. */
public final class ServiceOptions {
  /** The Agent Service's default port on loopback (agent-service.http.port). */
  public static final String DEFAULT_SERVICE_URL = "http://127.0.0.1:7655";

  @Option(names = "--service", paramLabel = "URL",
      description = "Agent Service URL (default: $FLEET_SERVICE_URL, else service-url in the config file, else " + DEFAULT_SERVICE_URL + ").")
  String service;

  @Option(names = "--as", paramLabel = "USER",
      description = "Use the kept login of USER (default: $FLEET_USER, else the last login).")
  String as;

  @Option(names = "--json", description = "Print the service's JSON instead of a table, for scripts.")
  boolean json;

  AgentServiceClientSettings settings(CliConfig config) {
    String url = config.resolve(service, "FLEET_SERVICE_URL", "service-url", DEFAULT_SERVICE_URL);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCode.USAGE, "'" + url + "' is not a URL: " + e.getMessage());
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new CliFailure(ExitCode.USAGE, "'" + url + "' is not an http(s) URL such as " + DEFAULT_SERVICE_URL);
    }
    return AgentServiceClientSettings.of(uri);
  }

  Optional<String> identity(CliConfig config) {
    return config.optional(as, "FLEET_USER", "user");
  }
}
