package io.agentfleet.location.csw;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.location.http.BadRequestException;
import io.agentfleet.location.model.Connection;
import java.util.Set;

/** The one request of CSW's {@code /websocket-endpoint} (its {@code LocationWebsocketMessage}). */
final class CswTrack {
  private CswTrack() {}

  /** Parses {@code {"_type":"Track","connection":{…}}} into the connection to follow. */
  static Connection parse(String body) {
    JsonNode json = CswJson.object(body);
    String type = CswJson.text(json, "_type");
    if (!type.equals("Track")) {
      throw new BadRequestException("unknown request type '" + type + "' (expected Track)");
    }
    CswJson.onlyFields(json, Set.of("_type", "connection"), type);
    return CswJson.connection(json, "connection");
  }
}
