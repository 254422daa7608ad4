package io.agentfleet.location.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free loopback ports for servers a test starts. The OS may hand a port it just gave out (and that
 * was closed again at once) to the next caller, so a test asking for several ports before it binds
 * any could get one twice; this never returns a port twice within one JVM.
 */
public final class FreePorts {
  private static final Set<Integer> GIVEN = new HashSet<>();

  private FreePorts() {}

  public static synchronized int next() {
    while (true) {
      int port = probe();
      if (GIVEN.add(port)) {
        return port;
      }
    }
  }

  private static int probe() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
