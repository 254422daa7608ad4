package io.agentfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

  private static LocalPorts portsWithService(int service) {
    return new LocalPorts(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
        List.of(FreePorts.next(), FreePorts.next()), List.of(FreePorts.next(), FreePorts.next()), service, FreePorts.next());
  }

  @Test
  void aPortInUseIsNamedWithWhatNeedsItAndItsFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      LaunchFailure failure = assertThrows(LaunchFailure.class, () -> portsWithService(taken.getLocalPort()).requireFree());
      assertTrue(failure.getMessage().startsWith("port " + taken.getLocalPort() + " (Agent Service HTTP (--service-port)) is in use"),
          failure.getMessage());
    }
  }

  @Test
  void freePortsPass() {
    portsWithService(FreePorts.next()).requireFree();
  }

  @Test
  void aPortGivenTwiceIsRefused() {
    LaunchFailure failure = assertThrows(LaunchFailure.class,
        () -> new LocalPorts(1, 2, 3, 4, List.of(5, 6), List.of(7, 8), 4, 10).byPort());
    assertEquals("port 4 is given twice: for registry HTTP (--registry-http-port) and for Agent Service HTTP (--service-port)",
        failure.getMessage());
  }
}
