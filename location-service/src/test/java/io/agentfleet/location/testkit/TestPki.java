package io.agentfleet.location.testkit;

import io.agentfleet.location.node.tls.LocalPki;
import java.nio.file.Path;

/**
 * The certificates tests start members with: every member a test starts talks mutual TLS, with a key
 * store signed by the fleet's test CA (made once under {@code target/}, then reused).
 */
public final class TestPki {
  private TestPki() {}

  /** The fleet's PKI: what every member a test starts uses, unless the test says otherwise. */
  public static LocalPki.Stores fleet() {
    return LocalPki.ensure(Path.of("target", "test-pki", "fleet"));
  }

  /** A PKI of another CA, which the fleet's members do not trust: an intruder's certificates. */
  public static LocalPki.Stores foreign() {
    return LocalPki.ensure(Path.of("target", "test-pki", "foreign"));
  }
}
