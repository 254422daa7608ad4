package io.agentfleet.location.http;

import io.agentfleet.location.api.LocationJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.InvalidNameException;
import io.agentfleet.location.model.Location;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the HTTP API's request bodies into the model, or fails with a {@link BadRequestException}
 * that names the offending field. Parsed by hand from a JSON tree so every message can say which
 * field is wrong and why, in the words of the API rather than Jackson's.
 */
final class RequestBodies {
  private static final Set<String> REGISTER_FIELDS = Set.of("connection", "uri", "metadata", "epoch", "leaseSeconds");
  private static final Set<String> RESERVE_FIELDS = Set.of("connection", "seconds");
  /**
   * The longest reservation hold or lease a request may ask for. Far above any real one, and far
   * below what the registry's timers can hold: a hold of 10^18 s would stop the name's entity.
   */
  static final long MAX_SECONDS = Duration.ofDays(1).toSeconds();

  /** A reservation request: the name and how long to hold it. */
  record ReserveBody(Connection connection, Duration hold) {}

  private RequestBodies() {}

  static Registration registration(String body) {
    JsonNode json = object(body, REGISTER_FIELDS);
    Connection connection = connection(json);
    URI uri = uri(json);
    Map<String, String> metadata = metadata(json);
    Optional<Long> epoch = optionalPositiveLong(json, "epoch");
    Optional<Duration> lease = optionalSeconds(json, "leaseSeconds");
    return new Registration(new Location(connection, uri, metadata), epoch, lease);
  }

  static ReserveBody reservation(String body) {
    JsonNode json = object(body, RESERVE_FIELDS);
    Connection connection = connection(json);
    Duration hold = optionalSeconds(json, "seconds").orElseThrow(() -> new BadRequestException("field 'seconds' is required"));
    return new ReserveBody(connection, hold);
  }

  static Connection connectionName(String name) {
    try {
      return Connection.parse(name);
    } catch (InvalidNameException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  private static JsonNode object(String body, Set<String> allowed) {
    ObjectMapper mapper = LocationJson.mapper();
    JsonNode json;
    try {
      json = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("malformed JSON: " + e.getOriginalMessage());
    }
    if (json == null || !json.isObject()) {
      throw new BadRequestException("the body must be a JSON object");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new BadRequestException("unknown field '" + name + "' (expected " + String.join(", ", allowed) + ")");
      }
    }
    return json;
  }

  private static Connection connection(JsonNode json) {
    JsonNode node = json.get("connection");
    if (node == null || node.isNull()) {
      throw new BadRequestException("field 'connection' is required");
    }
    if (!node.isTextual()) {
      throw new BadRequestException("field 'connection' must be a string like ESW.primary-SequenceComponent-akka");
    }
    return connectionName(node.asText());
  }

  private static URI uri(JsonNode json) {
    JsonNode node = json.get("uri");
    if (node == null || node.isNull()) {
      throw new BadRequestException("field 'uri' is required");
    }
    if (!node.isTextual()) {
      throw new BadRequestException("field 'uri' must be a string");
    }
    try {
      URI uri = new URI(node.asText());
      if (!uri.isAbsolute()) {
        throw new BadRequestException("field 'uri' must be an absolute URI with a scheme, was '" + node.asText() + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new BadRequestException("field 'uri' is not a valid URI: " + e.getMessage());
    }
  }

  private static Map<String, String> metadata(JsonNode json) {
    JsonNode node = json.get("metadata");
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new BadRequestException("field 'metadata' must be an object of strings");
    }
    Map<String, String> metadata = new HashMap<>();
    node.fields()
        .forEachRemaining(
            entry -> {
              if (!entry.getValue().isTextual()) {
                throw new BadRequestException("metadata value '" + entry.getKey() + "' must be a string");
              }
              metadata.put(entry.getKey(), entry.getValue().asText());
            });
    if (metadata.containsKey(Location.EPOCH)) {
      throw new BadRequestException("metadata key 'epoch' is set by the registry; pass the epoch as field 'epoch'");
    }
    if (metadata.containsKey(Location.REGISTERED_THROUGH)) {
      // It would let CSW's contract, which removes without an epoch, remove this registration.
      throw new BadRequestException("metadata key '" + Location.REGISTERED_THROUGH + "' is set by the registry");
    }
    return metadata;
  }

  private static Optional<Duration> optionalSeconds(JsonNode json, String field) {
    Optional<Long> seconds = optionalPositiveLong(json, field);
    if (seconds.isPresent() && seconds.get() > MAX_SECONDS) {
      throw new BadRequestException("field '" + field + "' may be at most " + MAX_SECONDS + " (one day), was " + seconds.get());
    }
    return seconds.map(Duration::ofSeconds);
  }

  private static Optional<Long> optionalPositiveLong(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new BadRequestException("field '" + field + "' must be a whole number, was " + node);
    }
    long value = node.asLong();
    if (value <= 0) {
      throw new BadRequestException("field '" + field + "' must be positive, was " + value);
    }
    return Optional.of(value);
  }

  /** Parses {@code 500ms}, {@code 5s} or {@code 2m}. */
  static Duration waitDuration(String text, Duration max) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)").matcher(text);
    if (!m.matches()) {
      throw new BadRequestException("parameter 'wait' must look like 500ms, 5s or 2m, was '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    Duration wait =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          default -> Duration.ofMinutes(n);
        };
    if (wait.compareTo(max) > 0) {
      throw new BadRequestException("parameter 'wait' may be at most " + max.toSeconds() + "s, was '" + text + "'");
    }
    return wait;
  }

  /** Checks {@code consistency=majority}, the one consistency a find may ask for besides the default. */
  static void majorityConsistency(String text) {
    if (!"majority".equals(text)) {
      throw new BadRequestException("parameter 'consistency' must be 'majority', was '" + text + "'");
    }
  }

  /**
   * The {@code epoch} parameter a change of one name must carry: the proof that the caller means the
   * registration or reservation it made, not whatever now holds the name.
   */
  static long requiredEpoch(Optional<String> text, String action) {
    return text.map(RequestBodies::epochParameter)
        .orElseThrow(
            () ->
                new BadRequestException(
                    "parameter 'epoch' is required to " + action + " a name: the epoch the registration or reservation"
                        + " was answered with (its metadata 'epoch'), e.g. ?epoch=3"));
  }

  static long epochParameter(String text) {
    try {
      long epoch = Long.parseLong(text);
      if (epoch > 0) {
        return epoch;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequestException("parameter 'epoch' must be a positive whole number, was '" + text + "'");
  }
}
