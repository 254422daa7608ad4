package io.agentfleet.location.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;

/** A change of one connection, as seen by {@code track}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TrackingEvent.LocationUpdated.class, name = "LocationUpdated"),
  @JsonSubTypes.Type(value = TrackingEvent.LocationRemoved.class, name = "LocationRemoved")
})
public sealed interface TrackingEvent extends JsonSerializable {
  Connection connection();

  /** The connection is registered at {@code location} (new or changed). */
  record LocationUpdated(Location location) implements TrackingEvent {
    @Override
    public Connection connection() {
      return location.connection();
    }
  }

  /** The connection is no longer registered. */
  record LocationRemoved(Connection connection) implements TrackingEvent {}
}
