package io.agentfleet.location.csw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentfleet.location.api.LocationJson;
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.http.BadRequestException;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.InvalidNameException;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.model.Prefix;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model in CSW's JSON shapes (its borer codecs): a connection is an object of prefix, component
 * type and connection type; a location is tagged {@code AkkaLocation}/{@code HttpLocation}/{@code
 * TcpLocation} in {@code _type}; durations are Scala's text ({@code "5 seconds"}).
 */
final class CswJson {
  private static final Set<String> CONNECTION_FIELDS = Set.of("prefix", "componentType", "connectionType");
  private static final Pattern DURATION = Pattern.compile("\\s*(\\d{1,12})\\s*([a-zA-Z]+)\\s*");

  private CswJson() {}

  /** Reads a request: a JSON object that names its {@code _type}. */
  static JsonNode object(String body) {
    JsonNode json;
    try {
      json = LocationJson.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("malformed JSON: " + e.getOriginalMessage());
    }
    if (json == null || !json.isObject()) {
      throw new BadRequestException("the body must be a JSON object with a '_type'");
    }
    return json;
  }

  static ObjectNode connection(Connection connection) {
    ObjectNode node = LocationJson.mapper().createObjectNode();
    node.put("prefix", connection.prefix().toString());
    node.put("componentType", connection.componentType().name());
    node.put("connectionType", connection.connectionType().wireName());
    return node;
  }

  static ObjectNode location(Location location) {
    ObjectNode node = LocationJson.mapper().createObjectNode();
    node.put("_type", locationType(location.connection().connectionType()));
    node.set("connection", connection(location.connection()));
    node.put("uri", location.uri().toString());
    ObjectNode metadata = node.putObject("metadata");
    // Sorted, so the same location always reads the same.
    new TreeMap<>(location.metadata()).forEach(metadata::put);
    return node;
  }

  static ArrayNode locations(Collection<Location> locations) {
    ArrayNode array = LocationJson.mapper().createArrayNode();
    locations.forEach(l -> array.add(location(l)));
    return array;
  }

  static ObjectNode trackingEvent(TrackingEvent event) {
    ObjectNode node = LocationJson.mapper().createObjectNode();
    if (event instanceof TrackingEvent.LocationUpdated updated) {
      node.put("_type", "LocationUpdated");
      node.set("location", location(updated.location()));
    } else {
      node.put("_type", "LocationRemoved");
      node.set("connection", connection(event.connection()));
    }
    return node;
  }

  static String locationType(ConnectionType type) {
    return switch (type) {
      case AKKA -> "AkkaLocation";
      case HTTP -> "HttpLocation";
      case TCP -> "TcpLocation";
    };
  }

  /** Reads {@code field} of {@code json} as a CSW connection object, strictly. */
  static Connection connection(JsonNode json, String field) {
    JsonNode node = required(json, field);
    if (!node.isObject()) {
      throw new BadRequestException(
          "field '" + field + "' must be a connection object {\"prefix\",\"componentType\",\"connectionType\"}, was " + node);
    }
    onlyFields(node, CONNECTION_FIELDS, field);
    Prefix prefix = parsed(() -> Prefix.parse(text(node, "prefix", field + ".prefix")));
    ComponentType componentType = parsed(() -> ComponentType.parse(text(node, "componentType", field + ".componentType")));
    ConnectionType connectionType = parsed(() -> ConnectionType.parse(text(node, "connectionType", field + ".connectionType")));
    return new Connection(prefix, componentType, connectionType);
  }

  static JsonNode required(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      throw new BadRequestException("field '" + field + "' is required");
    }
    return node;
  }

  static String text(JsonNode json, String field) {
    return text(json, field, field);
  }

  private static String text(JsonNode json, String field, String path) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      throw new BadRequestException("field '" + path + "' is required");
    }
    if (!node.isTextual()) {
      throw new BadRequestException("field '" + path + "' must be a string, was " + node);
    }
    return node.asText();
  }

  static int port(JsonNode json) {
    JsonNode node = required(json, "port");
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1 || node.asInt() > 65535) {
      throw new BadRequestException("field 'registration.port' must be a port number 1-65535, was " + node);
    }
    return node.asInt();
  }

  /** CSW's metadata: an object of strings ({@code {}} when absent). */
  static Map<String, String> metadata(JsonNode json) {
    JsonNode node = json.get("metadata");
    Map<String, String> metadata = new TreeMap<>();
    if (node == null || node.isNull()) {
      return metadata;
    }
    if (!node.isObject()) {
      throw new BadRequestException("field 'registration.metadata' must be an object of strings, was " + node);
    }
    node.fields()
        .forEachRemaining(
            entry -> {
              if (!entry.getValue().isTextual()) {
                throw new BadRequestException("metadata value '" + entry.getKey() + "' must be a string, was " + entry.getValue());
              }
              metadata.put(entry.getKey(), entry.getValue().asText());
            });
    return metadata;
  }

  /** Scala's duration text as CSW writes it: {@code "5 seconds"}, {@code "500 milliseconds"}, {@code "1 minute"}. */
  static Duration duration(JsonNode json, String field) {
    String text = text(json, field);
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new BadRequestException("field '" + field + "' must be a duration like \"5 seconds\", was '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d", "day", "days" -> Duration.ofDays(n);
      case "h", "hour", "hours" -> Duration.ofHours(n);
      case "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
      case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
      case "ms", "milli", "millis", "millisecond", "milliseconds" -> Duration.ofMillis(n);
      case "us", "micro", "micros", "microsecond", "microseconds" -> Duration.ofNanos(n * 1000);
      case "ns", "nano", "nanos", "nanosecond", "nanoseconds" -> Duration.ofNanos(n);
      default -> throw new BadRequestException(
          "field '" + field + "' has an unknown time unit '" + m.group(2) + "' (expected days, hours, minutes, seconds,"
              + " milliseconds, microseconds or nanoseconds)");
    };
  }

  static void onlyFields(JsonNode json, Set<String> allowed, String where) {
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new BadRequestException(
            "unknown field '" + name + "' in " + where + " (expected " + String.join(", ", sorted(allowed)) + ")");
      }
    }
  }

  private static Iterable<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }

  static <T> T parsed(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidNameException e) {
      throw new BadRequestException(e.getMessage());
    }
  }
}
