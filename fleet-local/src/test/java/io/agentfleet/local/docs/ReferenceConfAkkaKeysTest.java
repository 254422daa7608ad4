package io.agentfleet.local.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentfleet.local.docs.ConfigurationKeys.ConfigFile;
import io.agentfleet.local.docs.ConfigurationKeys.Key;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An executable jar merges every reference.conf into one, ours first and Akka's after them, so an
 * Akka setting in one of ours is silently overridden by Akka's own default in the jars operators
 * run (while the tests, with our classes first on the class path, see ours). Such settings belong in
 * fleet-cluster.conf, which ClusterNodeConfig layers above the reference configuration. Only keys
 * Akka does not define itself may sit in a reference.conf: serializer bindings of our own classes.
 */
class ReferenceConfAkkaKeysTest {
  @Test
  void noReferenceConfSetsAnAkkaKeyThatAkkasOwnWouldOverride() {
    ConfigurationKeys keys = new ConfigurationKeys(SourceTree.root());
    List<String> overridden = new ArrayList<>();
    for (ConfigFile file : keys.files()) {
      if (!file.path().getFileName().toString().equals("reference.conf")) {
        continue;
      }
      for (Key key : keys.keysOf(file)) {
        if (key.leaf() && key.path().startsWith("akka.") && !key.path().startsWith("akka.actor.serialization-bindings.")
            && !key.path().startsWith("akka.actor.serializers.")) {
          overridden.add(key.path() + " in " + file.module() + "/reference.conf");
        }
      }
    }
    assertEquals(List.of(), overridden, "move these to location-service's fleet-cluster.conf");
  }
}
