package io.agentfleet.agentservice.hostile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One route of an API as the generator sees it: a well-formed request to start from ({@code method},
 * {@code path} with {@code {p}} where a name goes, {@code name} the harmless name that fills it, a JSON
 * body), the body fields that hold names or prefixes ({@code nameFields}, as {@code a/b/c} paths), the
 * query parameters it reads and whether it wants a token. Every well-formed request targets names that
 * nothing before the run owns, and spawns nothing: an agent that does not exist, an empty agent list.
 */
record Endpoint(
    HostileRequest.Api api,
    String method,
    String path,
    String name,
    Optional<Supplier<ObjectNode>> body,
    List<String> nameFields,
    List<String> queryParameters,
    boolean authenticated) {

  String target(String nameInPath) {
    return path.replace("{p}", nameInPath);
  }

  String target() {
    return target(name);
  }

  boolean hasName() {
    return path.contains("{p}");
  }
}
