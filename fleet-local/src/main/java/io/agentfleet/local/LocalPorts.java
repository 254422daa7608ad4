package io.agentfleet.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every port the local fleet listens on, all on loopback. The defaults are the ports the members use
 * on their own, so the README's commands and the CLI's defaults match a local fleet.
 */
record LocalPorts(
    int keycloak,
    int keycloakManagement,
    int registryCluster,
    int registryHttp,
    List<Integer> agentCluster,
    List<Integer> agentHttp,
    int service,
    int serviceCluster) {

  LocalPorts {
    agentCluster = List.copyOf(agentCluster);
    agentHttp = List.copyOf(agentHttp);
  }

  /** What listens on each port, in start order. */
  Map<Integer, String> byPort() {
    Map<Integer, String> ports = new LinkedHashMap<>();
    put(ports, keycloak, "Keycloak HTTP (--keycloak-port)");
    put(ports, keycloakManagement, "Keycloak management (--keycloak-management-port)");
    put(ports, registryCluster, "registry cluster (--registry-cluster-port)");
    put(ports, registryHttp, "registry HTTP (--registry-http-port)");
    for (int i = 0; i < agentCluster.size(); i++) {
      put(ports, agentCluster.get(i), "agent " + (i + 1) + " cluster (--agent-cluster-ports)");
      put(ports, agentHttp.get(i), "agent " + (i + 1) + " registry HTTP (--agent-http-ports)");
    }
    put(ports, service, "Agent Service HTTP (--service-port)");
    put(ports, serviceCluster, "Agent Service cluster (--service-cluster-port)");
    return ports;
  }

  /** Fails naming the first port that another process already holds. */
  void requireFree() {
    for (Map.Entry<Integer, String> port : byPort().entrySet()) {
      if (!isFree(port.getKey())) {
        throw new LaunchFailure("port " + port.getKey() + " (" + port.getValue() + ") is in use: stop what holds it "
            + "(an earlier local fleet?) or choose another port with the flag named");
      }
    }
  }

  private static void put(Map<Integer, String> ports, int port, String what) {
    String before = ports.put(port, what);
    if (before != null) {
      throw new LaunchFailure("port " + port + " is given twice: for " + before + " and for " + what);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
