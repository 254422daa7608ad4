package io.agentfleet.agentservice.api.protocol;

import static io.agentfleet.agentservice.api.RequiredField.value;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.URI;
import java.util.Map;

/**
 * Where a registered component can be reached, in the ESW location JSON:
 * {@code {"_type":"AkkaLocation","connection":{…},"uri":"akka://…","metadata":{"PID":"42"}}}.
 *
 * <p>ESW writes one of three location classes; which one always follows from the connection type, so
 * {@code "_type"} is derived when writing and ignored when reading instead of being a second source of
 * truth.
 *
 * @param metadata string pairs such as {@code PID} and {@code agentPrefix}; absent means none
 */
@JsonPropertyOrder({"_type", "connection", "uri", "metadata"})
@JsonIgnoreProperties(value = "_type", allowGetters = true)
public record LocationDto(ConnectionDto connection, URI uri, Map<String, String> metadata) {

  public LocationDto {
    connection = value(connection, "connection");
    uri = value(uri, "uri");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** The ESW location class name: {@code AkkaLocation}, {@code HttpLocation} or {@code TcpLocation}. */
  @JsonProperty("_type")
  public String locationType() {
    return switch (connection.connectionType()) {
      case "http" -> "HttpLocation";
      case "tcp" -> "TcpLocation";
      default -> "AkkaLocation";
    };
  }
}
