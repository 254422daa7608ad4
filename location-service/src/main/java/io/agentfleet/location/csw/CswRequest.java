package io.agentfleet.location.csw;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.location.http.BadRequestException;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The requests of CSW's {@code /post-endpoint} (its {@code LocationHttpMessage}), parsed strictly. */
sealed interface CswRequest {
  /** Register the location a CSW {@code Registration} describes on this host. */
  record Register(Location location) implements CswRequest {}

  record Unregister(Connection connection) implements CswRequest {}

  record Find(Connection connection) implements CswRequest {}

  record Resolve(Connection connection, Duration within) implements CswRequest {}

  record ListEntries() implements CswRequest {}

  record ListByComponentType(ComponentType componentType) implements CswRequest {}

  record ListByHostname(String hostname) implements CswRequest {}

  record ListByConnectionType(ConnectionType connectionType) implements CswRequest {}

  record ListByPrefix(String prefix) implements CswRequest {}

  /** Locations whose metadata names this agent (an extension: CSW has no such request). */
  record ListByAgentPrefix(Prefix agentPrefix) implements CswRequest {}

  /**
   * Parses a request body; {@code hostname} is where an HTTP or TCP registration's server is reached
   * (CSW registers those at the host of the location service that took the request).
   */
  static CswRequest parse(String body, String hostname) {
    JsonNode json = CswJson.object(body);
    String type = CswJson.text(json, "_type");
    return switch (type) {
      case "Register" -> {
        fields(json, type, "registration");
        yield new Register(registration(CswJson.required(json, "registration"), hostname));
      }
      case "Unregister" -> new Unregister(connectionOf(json, type));
      case "Find" -> new Find(connectionOf(json, type));
      case "Resolve" -> {
        fields(json, type, "connection", "within");
        yield new Resolve(CswJson.connection(json, "connection"), CswJson.duration(json, "within"));
      }
      case "ListEntries" -> {
        fields(json, type);
        yield new ListEntries();
      }
      case "ListByComponentType" -> {
        fields(json, type, "componentType");
        yield new ListByComponentType(CswJson.parsed(() -> ComponentType.parse(CswJson.text(json, "componentType"))));
      }
      case "ListByHostname" -> {
        fields(json, type, "hostname");
        yield new ListByHostname(CswJson.text(json, "hostname"));
      }
      case "ListByConnectionType" -> {
        fields(json, type, "connectionType");
        yield new ListByConnectionType(CswJson.parsed(() -> ConnectionType.parse(CswJson.text(json, "connectionType"))));
      }
      case "ListByPrefix" -> {
        fields(json, type, "prefix");
        yield new ListByPrefix(CswJson.text(json, "prefix"));
      }
      case "ListByAgentPrefix" -> {
        fields(json, type, "agentPrefix");
        yield new ListByAgentPrefix(CswJson.parsed(() -> Prefix.parse(CswJson.text(json, "agentPrefix"))));
      }
      case "UnregisterAll" -> throw new BadRequestException(
          "UnregisterAll is not served: nothing removes every registration over HTTP; unregister one connection at a time");
      default -> throw new BadRequestException(
          "unknown request type '" + type + "' (expected one of Register, Unregister, Find, Resolve, ListEntries,"
              + " ListByComponentType, ListByHostname, ListByConnectionType, ListByPrefix, ListByAgentPrefix)");
    };
  }

  private static Connection connectionOf(JsonNode json, String type) {
    fields(json, type, "connection");
    return CswJson.connection(json, "connection");
  }

  private static void fields(JsonNode json, String type, String... fields) {
    Set<String> allowed = new java.util.HashSet<>(Set.of(fields));
    allowed.add("_type");
    CswJson.onlyFields(json, allowed, type);
  }

  private static Location registration(JsonNode json, String hostname) {
    if (!json.isObject()) {
      throw new BadRequestException("field 'registration' must be an object with a '_type', was " + json);
    }
    String type = CswJson.text(json, "_type");
    Connection connection = CswJson.connection(json, "connection");
    Map<String, String> metadata;
    URI uri;
    ConnectionType expected;
    switch (type) {
      case "AkkaRegistration" -> {
        CswJson.onlyFields(json, Set.of("_type", "connection", "actorRefURI", "metadata"), type);
        expected = ConnectionType.AKKA;
        uri = actorRefUri(CswJson.text(json, "actorRefURI"));
      }
      case "HttpRegistration" -> {
        CswJson.onlyFields(json, Set.of("_type", "connection", "port", "path", "networkType", "metadata"), type);
        expected = ConnectionType.HTTP;
        networkType(json);
        String path = json.has("path") ? CswJson.text(json, "path") : "";
        uri = built("http://" + hostname + ":" + CswJson.port(json) + "/" + (path.startsWith("/") ? path.substring(1) : path));
      }
      case "TcpRegistration" -> {
        CswJson.onlyFields(json, Set.of("_type", "connection", "port", "metadata"), type);
        expected = ConnectionType.TCP;
        uri = built("tcp://" + hostname + ":" + CswJson.port(json));
      }
      default -> throw new BadRequestException(
          "unknown registration type '" + type + "' (expected AkkaRegistration, HttpRegistration or TcpRegistration)");
    }
    if (connection.connectionType() != expected) {
      throw new BadRequestException(
          type + " needs a connection of type '" + expected.wireName() + "', was '" + connection.connectionType().wireName() + "'");
    }
    metadata = CswJson.metadata(json);
    if (metadata.containsKey(Location.EPOCH)) {
      throw new BadRequestException("metadata key 'epoch' is set by the registry");
    }
    return new Location(connection, uri, metadata);
  }

  /** CSW's {@code NetworkType}: {@code {"_type":"Inside"}} or {@code "Outside"}; both mean this host here. */
  private static void networkType(JsonNode json) {
    JsonNode node = json.get("networkType");
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new BadRequestException("field 'registration.networkType' must be {\"_type\":\"Inside\"} or {\"_type\":\"Outside\"}, was " + node);
    }
    CswJson.onlyFields(node, Set.of("_type"), "networkType");
    String type = CswJson.text(node, "_type");
    if (!type.equals("Inside") && !type.equals("Outside")) {
      throw new BadRequestException("unknown network type '" + type + "' (expected Inside or Outside)");
    }
  }

  private static URI actorRefUri(String text) {
    try {
      URI uri = new URI(text);
      if (!uri.isAbsolute()) {
        throw new BadRequestException("field 'registration.actorRefURI' must be an absolute actor URI (akka://…), was '" + text + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new BadRequestException("field 'registration.actorRefURI' is not a valid URI: " + e.getMessage());
    }
  }

  private static URI built(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new BadRequestException("field 'registration.path' does not make a valid URI: " + e.getMessage());
    }
  }
}
