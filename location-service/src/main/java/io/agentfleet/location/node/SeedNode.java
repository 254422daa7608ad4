package io.agentfleet.location.node;

import io.agentfleet.location.model.InvalidNameException;

/** A seed node given as {@code host:port} (the cluster port of a member to join through). */
public record SeedNode(String host, int port) {
  public SeedNode {
    if (host == null || host.isBlank() || host.contains("/") || host.contains("@")) {
      throw new InvalidNameException("invalid seed host '" + host + "'");
    }
    if (port < 1 || port > 65535) {
      throw new InvalidNameException("invalid seed port " + port + " (1-65535)");
    }
  }

  /** Parses {@code host:port}. */
  public static SeedNode parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new InvalidNameException("invalid seed '" + text + "' (expected host:port, e.g. 127.0.0.1:3552)");
    }
    try {
      return new SeedNode(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new InvalidNameException("invalid seed '" + text + "' (the port must be a number)");
    }
  }

  /** The Akka address of the seed, in the fleet's actor system. */
  public String akkaAddress() {
    return "akka://" + ClusterNodeConfig.SYSTEM_NAME + "@" + host + ":" + port;
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
