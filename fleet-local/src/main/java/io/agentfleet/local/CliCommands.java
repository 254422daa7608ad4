package io.agentfleet.local;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI command lines the launcher prints for the operator to try: exactly what to type, with
 * {@code --service} and {@code --auth-url} only where the fleet does not use the CLI's defaults.
 */
record CliCommands(String cli, URI serviceUrl, URI realmUrl) {
  static final URI DEFAULT_SERVICE_URL = URI.create("http://127.0.0.1:7655");
  static final URI DEFAULT_REALM_URL = URI.create("http://127.0.0.1:8081/realms/TMT");

  /** Log in as the demo operator, then spawn, list, show the status and kill. */
  List<String> tour(String agent, String kind, String prefix, String connection) {
    List<String> lines = new ArrayList<>();
    lines.add("echo operator-pw | " + cli + " login --user operator --password-stdin" + authFlag());
    lines.add(cli + " spawn " + agent + " " + kind + " " + prefix + serviceFlag());
    lines.add(cli + " agents" + serviceFlag());
    lines.add(cli + " status" + serviceFlag());
    lines.add(cli + " kill " + connection + serviceFlag());
    return lines;
  }

  private String serviceFlag() {
    return serviceUrl.equals(DEFAULT_SERVICE_URL) ? "" : " --service " + serviceUrl;
  }

  private String authFlag() {
    return realmUrl.equals(DEFAULT_REALM_URL) ? "" : " --auth-url " + realmUrl;
  }
}
