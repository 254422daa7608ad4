package io.agentfleet.location.http;

import io.agentfleet.location.api.LocationJson;

import static io.agentfleet.location.http.JsonResponses.errorBody;
import static io.agentfleet.location.http.JsonResponses.json;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentfleet.location.api.RegistrationResult.AlreadyRegistered;
import io.agentfleet.location.api.RegistrationResult.AlreadyReserved;
import io.agentfleet.location.api.RegistrationResult.LeaseRefreshed;
import io.agentfleet.location.api.RegistrationResult.LeaseResult;
import io.agentfleet.location.api.RegistrationResult.NotFound;
import io.agentfleet.location.api.RegistrationResult.RegisterResult;
import io.agentfleet.location.api.RegistrationResult.Registered;
import io.agentfleet.location.api.RegistrationResult.RegistryUnavailable;
import io.agentfleet.location.api.RegistrationResult.ReserveResult;
import io.agentfleet.location.api.RegistrationResult.Reserved;
import io.agentfleet.location.api.RegistrationResult.StaleEpoch;
import io.agentfleet.location.api.RegistrationResult.UnregisterResult;
import io.agentfleet.location.api.RegistrationResult.Unregistered;
import io.agentfleet.location.model.Connection;

/** The one place where registry results become HTTP status codes and bodies. */
final class LocationResponses {
  private LocationResponses() {}

  static HttpResponse registered(RegisterResult result) {
    if (result instanceof Registered registered) {
      return json(StatusCodes.CREATED, registered.location());
    }
    return failure(result);
  }

  static HttpResponse reserved(ReserveResult result) {
    if (result instanceof Reserved reserved) {
      ObjectNode body = LocationJson.mapper().createObjectNode();
      body.put("connection", reserved.connection().name());
      body.put("epoch", reserved.epoch());
      body.put("deadline", reserved.deadline().toString());
      return json(StatusCodes.CREATED, body);
    }
    return failure(result);
  }

  static HttpResponse unregistered(UnregisterResult result) {
    if (result instanceof Unregistered) {
      return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);
    }
    return failure(result);
  }

  static HttpResponse leaseRefreshed(LeaseResult result) {
    if (result instanceof LeaseRefreshed refreshed) {
      ObjectNode body = LocationJson.mapper().createObjectNode();
      body.put("connection", refreshed.connection().name());
      refreshed.lease().ifPresentOrElse(l -> body.put("leaseSeconds", l.toSeconds()), () -> body.putNull("leaseSeconds"));
      return json(StatusCodes.OK, body);
    }
    return failure(result);
  }

  static HttpResponse notFound(Connection connection) {
    return json(StatusCodes.NOT_FOUND, errorBody("NotFound", "nothing is registered as " + connection));
  }

  static HttpResponse unavailable(String message) {
    return failure(new RegistryUnavailable(message));
  }

  private static HttpResponse failure(Object result) {
    if (result instanceof AlreadyRegistered taken) {
      ObjectNode body =
          errorBody("AlreadyRegistered", taken.existing().connection() + " is already registered at " + taken.existing().uri());
      body.set("existing", LocationJson.mapper().valueToTree(taken.existing()));
      return json(StatusCodes.CONFLICT, body);
    }
    if (result instanceof AlreadyReserved reserved) {
      ObjectNode body =
          errorBody(
              "AlreadyReserved",
              reserved.connection() + " is reserved by " + reserved.owner() + " (epoch " + reserved.epoch() + ")");
      body.put("epoch", reserved.epoch());
      body.put("owner", reserved.owner());
      return json(StatusCodes.CONFLICT, body);
    }
    if (result instanceof StaleEpoch stale) {
      ObjectNode body =
          errorBody(
              "StaleEpoch",
              "epoch " + stale.presented() + " of " + stale.connection() + " is not current"
                  + stale.current().map(c -> " (current: " + c + ")").orElse(" (the reservation lapsed)"));
      body.put("presented", stale.presented());
      stale.current().ifPresent(c -> body.put("current", c));
      return json(StatusCodes.CONFLICT, body);
    }
    if (result instanceof NotFound notFound) {
      return notFound(notFound.connection());
    }
    if (result instanceof RegistryUnavailable unavailable) {
      return json(StatusCodes.SERVICE_UNAVAILABLE, errorBody("RegistryUnavailable", unavailable.message()));
    }
    throw new IllegalStateException("unmapped registry result " + result);
  }
}
