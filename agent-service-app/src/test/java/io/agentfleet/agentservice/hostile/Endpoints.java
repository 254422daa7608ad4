package io.agentfleet.agentservice.hostile;

import static io.agentfleet.agentservice.hostile.HostileRequest.Api.REGISTRY;
import static io.agentfleet.agentservice.hostile.HostileRequest.Api.SERVICE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Every route of the Agent Service's and the registry's HTTP APIs (docs/agent-service-openapi.yaml, docs/location-api.md). */
final class Endpoints {
  /** An agent no test starts: a spawn or provision that gets past validation finds nobody to start it. */
  static final String NO_AGENT = "ESW.hostile_nowhere";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Endpoints() {}

  static List<Endpoint> all() {
    return List.of(
        // ---- Agent Service: ESW's contract, every _type
        service("POST", "/post-endpoint", body("{\"_type\":\"GetAgentStatus\"}"), List.of()),
        service("POST", "/post-endpoint", body("{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"" + NO_AGENT
            + "\",\"componentName\":\"hz_c1\",\"version\":[]}"), List.of("agentPrefix", "componentName")),
        service("POST", "/post-endpoint", body("{\"_type\":\"SpawnSequenceManager\",\"agentPrefix\":\"" + NO_AGENT
            + "\",\"obsModeConfigPath\":\"/tmp/obsmode.conf\",\"isConfigLocal\":true,\"version\":[]}"), List.of("agentPrefix", "obsModeConfigPath")),
        service("POST", "/post-endpoint", body("{\"_type\":\"SpawnComponent\",\"agentPrefix\":\"" + NO_AGENT
            + "\",\"kind\":\"sample\",\"prefix\":\"ESW.hz_c2\",\"componentType\":\"Service\",\"args\":[]}"), List.of("agentPrefix", "prefix", "kind")),
        service("POST", "/post-endpoint", body("{\"_type\":\"KillComponent\",\"componentId\":{\"prefix\":\"ESW.hz_c3\","
            + "\"componentType\":\"SequenceComponent\"}}"), List.of("componentId/prefix", "componentId/componentType")),
        service("POST", "/post-endpoint", body("{\"_type\":\"Provision\",\"config\":{\"config\":[{\"agentPrefix\":\"" + NO_AGENT
            + "\",\"countOfSeqComps\":1}]}}"), List.of("config/config/0/agentPrefix")),
        // ---- Agent Service: REST
        rest("GET", "/api/v1/agents", null, List.of()),
        rest("GET", "/api/v1/agents/{p}", null, List.of()),
        rest("POST", "/api/v1/agents/{p}/components", body("{\"kind\":\"sample\",\"prefix\":\"ESW.hz_c4\",\"componentType\":\"Service\",\"args\":[]}"),
            List.of("prefix", "kind", "componentType")),
        rest("DELETE", "/api/v1/components/{c}", null, List.of()),
        rest("GET", "/api/v1/managed-components", null, List.of()),
        rest("GET", "/api/v1/managed-components/{p}", null, List.of()),
        // No agent: refused whatever else the body says, so nothing is ever managed by the run.
        rest("PUT", "/api/v1/managed-components/{p}", body("{\"kind\":\"sample\",\"componentType\":\"Service\",\"agents\":[]}"),
            List.of("kind", "componentType")),
        rest("DELETE", "/api/v1/managed-components/{p}", null, List.of()),
        service("POST", "/api/v1/provision", body("{\"config\":[{\"agentPrefix\":\"" + NO_AGENT + "\",\"countOfSeqComps\":1}]}"),
            List.of("config/0/agentPrefix")),
        service("POST", "/api/v1/provision/plan", body("{\"config\":[{\"agentPrefix\":\"" + NO_AGENT + "\",\"countOfSeqComps\":2}]}"),
            List.of("config/0/agentPrefix")),
        new Endpoint(SERVICE, "GET", "/api/v1/audit", "", Optional.empty(), List.of(), List.of("limit"), true),
        rest("GET", "/api/v1/status", null, List.of()),
        new Endpoint(SERVICE, "GET", "/health", "", Optional.empty(), List.of(), List.of(), false),
        new Endpoint(SERVICE, "GET", "/metrics", "", Optional.empty(), List.of(), List.of(), false),
        // ---- Registry: the location API
        registry("POST", "/api/v1/locations", body("{\"connection\":\"ESW.hz_r1-Service-http\",\"uri\":\"http://127.0.0.1:1/\","
            + "\"metadata\":{\"PID\":\"1\"},\"leaseSeconds\":30}"), List.of("connection", "uri"), List.of()),
        registry("POST", "/api/v1/reservations", body("{\"connection\":\"ESW.hz_r2-Service-http\",\"seconds\":5}"), List.of("connection"), List.of()),
        registry("GET", "/api/v1/locations", null, List.of(), List.of("componentType", "hostname", "prefix", "connectionType")),
        registry("GET", "/api/v1/locations/{c}", null, List.of(), List.of("wait", "consistency")),
        registry("DELETE", "/api/v1/locations/{c}", null, List.of(), List.of("epoch")),
        registry("PUT", "/api/v1/locations/{c}/lease", null, List.of(), List.of("epoch")),
        registry("GET", "/health", null, List.of(), List.of()),
        // ---- Registry: CSW's contract, every _type
        csw("{\"_type\":\"Register\",\"registration\":{\"_type\":\"HttpRegistration\",\"connection\":{\"prefix\":\"ESW.hz_r3\","
            + "\"componentType\":\"Service\",\"connectionType\":\"http\"},\"port\":1,\"path\":\"\",\"networkType\":{\"_type\":\"Inside\"},"
            + "\"metadata\":{}}}", List.of("registration/connection/prefix", "registration/connection/componentType", "registration/path")),
        csw("{\"_type\":\"Register\",\"registration\":{\"_type\":\"AkkaRegistration\",\"connection\":{\"prefix\":\"ESW.hz_r4\","
            + "\"componentType\":\"Assembly\",\"connectionType\":\"akka\"},\"actorRefURI\":\"akka://nowhere@127.0.0.1:1/user/x\",\"metadata\":{}}}",
            List.of("registration/connection/prefix", "registration/actorRefURI")),
        csw("{\"_type\":\"Register\",\"registration\":{\"_type\":\"TcpRegistration\",\"connection\":{\"prefix\":\"ESW.hz_r5\","
            + "\"componentType\":\"Service\",\"connectionType\":\"tcp\"},\"port\":1,\"metadata\":{}}}", List.of("registration/connection/prefix")),
        csw("{\"_type\":\"Unregister\",\"connection\":{\"prefix\":\"ESW.hz_r3\",\"componentType\":\"Service\",\"connectionType\":\"http\"}}",
            List.of("connection/prefix", "connection/connectionType")),
        csw("{\"_type\":\"Find\",\"connection\":{\"prefix\":\"ESW.hz_r6\",\"componentType\":\"Service\",\"connectionType\":\"http\"}}",
            List.of("connection/prefix", "connection/componentType")),
        csw("{\"_type\":\"Resolve\",\"connection\":{\"prefix\":\"ESW.hz_r7\",\"componentType\":\"Service\",\"connectionType\":\"http\"},"
            + "\"within\":\"100 milliseconds\"}", List.of("connection/prefix", "within")),
        csw("{\"_type\":\"ListEntries\"}", List.of()),
        csw("{\"_type\":\"ListByComponentType\",\"componentType\":\"Service\"}", List.of("componentType")),
        csw("{\"_type\":\"ListByHostname\",\"hostname\":\"127.0.0.1\"}", List.of("hostname")),
        csw("{\"_type\":\"ListByConnectionType\",\"connectionType\":\"akka\"}", List.of("connectionType")),
        csw("{\"_type\":\"ListByPrefix\",\"prefix\":\"ESW.\"}", List.of("prefix")),
        csw("{\"_type\":\"ListByAgentPrefix\",\"agentPrefix\":\"ESW.hz_machine\"}", List.of("agentPrefix")),
        csw("{\"_type\":\"UnregisterAll\"}", List.of()),
        registry("GET", "/websocket-endpoint", null, List.of(), List.of()));
  }

  private static Endpoint service(String method, String path, Supplier<ObjectNode> body, List<String> nameFields) {
    return new Endpoint(SERVICE, method, path, "", Optional.of(body), nameFields, List.of(), true);
  }

  private static Endpoint rest(String method, String path, Supplier<ObjectNode> body, List<String> nameFields) {
    boolean component = path.contains("{c}");
    String name = component ? "ESW.hz_c5-SequenceComponent" : path.contains("agents/") ? NO_AGENT : "ESW.hz_m1";
    return new Endpoint(SERVICE, method, path.replace("{c}", "{p}"), name, Optional.ofNullable(body), nameFields, List.of(), true);
  }

  private static Endpoint registry(String method, String path, Supplier<ObjectNode> body, List<String> nameFields, List<String> query) {
    return new Endpoint(REGISTRY, method, path.replace("{c}", "{p}"), "ESW.hz_r8-Service-http", Optional.ofNullable(body), nameFields, query, false);
  }

  private static Endpoint csw(String json, List<String> nameFields) {
    return new Endpoint(REGISTRY, "POST", "/post-endpoint", "", Optional.of(body(json)), nameFields, List.of(), false);
  }

  private static Supplier<ObjectNode> body(String json) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(json);
      return node::deepCopy;
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
