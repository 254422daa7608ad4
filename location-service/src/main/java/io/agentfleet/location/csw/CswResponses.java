package io.agentfleet.location.csw;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentfleet.location.api.LocationJson;
import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.AlreadyReserved;
import io.agentfleet.location.api.RegistrationResult.RegisterResult;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.api.RegistrationResult.RegistryUnavailable;
import io.agentfleet.location.api.RegistrationResult.StaleEpoch;
import io.agentfleet.location.http.JsonResponses;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one place where registry results become CSW answers. Errors carry CSW's own encoding of its
 * {@code LocationServiceError}s ({@code _type}, its fields and msocket's {@code error_message}) plus
 * this API's {@code error}/{@code message}, which esw-ts reads for an answer that is not a 500.
 */
final class CswResponses {
  private CswResponses() {}

  static HttpResponse locations(List<Location> locations) {
    return JsonResponses.json(StatusCodes.OK, CswJson.locations(locations));
  }

  static HttpResponse done() {
    return JsonResponses.json(StatusCodes.OK, "Done");
  }

  static HttpResponse registered(RegisterResult result, Location requested) {
    if (result instanceof Registered registered) {
      return JsonResponses.json(StatusCodes.OK, CswJson.location(registered.location()));
    }
    if (result instanceof AlreadyRegistered taken) {
      return otherLocationIsRegistered(requested, taken.existing());
    }
    if (result instanceof AlreadyReserved reserved) {
      return registrationFailed(
          StatusCodes.CONFLICT,
          "unable to register " + requested.connection() + ": it is reserved by " + reserved.owner() + " for a spawn (epoch "
              + reserved.epoch() + ")");
    }
    if (result instanceof RegistryUnavailable unavailable) {
      return registrationFailed(StatusCodes.SERVICE_UNAVAILABLE, "unable to register " + requested.connection() + ": " + unavailable.message());
    }
    StaleEpoch stale = (StaleEpoch) result;
    return registrationFailed(StatusCodes.CONFLICT, "unable to register " + stale.connection() + ": epoch " + stale.presented() + " is not current");
  }

  static HttpResponse otherLocationIsRegistered(Location requested, Location existing) {
    String msg =
        "there is another location=" + CswJson.location(existing) + " registered against name=" + requested.connection().name() + ".";
    return error(StatusCodes.CONFLICT, "OtherLocationIsRegistered", msg, body -> body.put("msg", msg));
  }

  static HttpResponse registrationFailed(StatusCode status, String msg) {
    return error(status, "RegistrationFailed", msg, body -> body.put("msg", msg));
  }

  /** CSW's {@code UnregistrationFailed(connection)}; {@code why} is this registry's reason. */
  static HttpResponse unregistrationFailed(StatusCode status, Connection connection, String why) {
    return error(
        status, "UnregistrationFailed", "unable to unregister " + connection + ": " + why,
        body -> body.set("connection", CswJson.connection(connection)));
  }

  /** Bad input, in msocket's shape for errors that are not the service's ({@code error_name}, {@code error_message}). */
  static ObjectNode badRequestBody(String message) {
    ObjectNode body = JsonResponses.errorBody("BadRequest", message);
    body.put("error_name", "BadRequest");
    body.put("error_message", message);
    return body;
  }

  static HttpResponse badRequest(String message) {
    return JsonResponses.json(StatusCodes.BAD_REQUEST, badRequestBody(message));
  }

  private static HttpResponse error(StatusCode status, String type, String message, Consumer<ObjectNode> fields) {
    ObjectNode body = LocationJson.mapper().createObjectNode();
    body.put("_type", type);
    fields.accept(body);
    body.put("error_message", message);
    body.put("error", type);
    body.put("message", message);
    return JsonResponses.json(status, body);
  }
}
