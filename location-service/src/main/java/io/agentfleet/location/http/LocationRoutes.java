package io.agentfleet.location.http;

import io.agentfleet.location.api.LocationJson;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.http.javadsl.marshalling.sse.EventStreamMarshalling;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.sse.ServerSentEvent;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.stream.OverflowStrategy;
import akka.stream.javadsl.Source;
import akka.stream.typed.javadsl.ActorSource;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.InvalidNameException;
import io.agentfleet.location.model.Location;
import io.agentfleet.location.registry.ClusterLocationService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The registry's HTTP API for processes that are not cluster members. Registrations taken here
 * belong to this member unless they complete a reservation (then they belong to the reserving one).
 */
public final class LocationRoutes extends AllDirectives {
  private static final int EVENTS_BUFFER = 1024;

  private final ClusterLocationService locations;
  private final LocationHttpSettings settings;
  private final Supplier<HealthReport> health;
  private final Route cswContract;
  private final ErrorHandling errors = new ErrorHandling();

  /** {@code cswContract} serves CSW's location contract on the same port (see {@code CswRoutes}). */
  public LocationRoutes(
      ClusterLocationService locations, LocationHttpSettings settings, Supplier<HealthReport> health, Route cswContract) {
    this.locations = locations;
    this.settings = settings;
    this.health = health;
    this.cswContract = cswContract;
  }

  public Route route() {
    return errors.handled(
        () ->
            withSizeLimit(
                settings.maxBodyBytes(),
                () ->
                    concat(
                        path("health", () -> get(this::health)),
                        cswContract,
                        pathPrefix(
                            "api",
                            () ->
                                pathPrefix(
                                    "v1",
                                    () ->
                                        concat(
                                            pathPrefix("locations", this::locationsRoutes),
                                            path("reservations", () -> post(this::reserve)),
                                            path("events", () -> get(this::events))))))));
  }

  private Route locationsRoutes() {
    return concat(
        // No DELETE here: the HTTP API removes one name at a time, each with its epoch.
        pathEndOrSingleSlash(() -> concat(post(this::register), get(this::list))),
        path(segment(), name -> concat(get(() -> find(name)), delete(() -> unregister(name)))),
        path(segment().slash("lease"), name -> put(() -> refreshLease(name))));
  }

  private Route health() {
    HealthReport report = health.get();
    return complete(JsonResponses.json(report.healthy() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE, report));
  }

  private Route register() {
    return entity(
        Unmarshaller.entityToString(),
        body -> onSuccess(locations.register(RequestBodies.registration(body)), r -> complete(LocationResponses.registered(r))));
  }

  private Route reserve() {
    return entity(
        Unmarshaller.entityToString(),
        body -> {
          RequestBodies.ReserveBody request = RequestBodies.reservation(body);
          return onSuccess(
              locations.reserve(request.connection(), request.hold()), r -> complete(LocationResponses.reserved(r)));
        });
  }

  private Route list() {
    return parameterMap(
        params -> {
          Predicate<Location> filter = filter(params);
          return onSuccess(locations.listWhere(filter), found -> complete(JsonResponses.json(StatusCodes.OK, found)));
        });
  }

  private Route find(String name) {
    Connection connection = RequestBodies.connectionName(name);
    return parameterOptional(
        "wait",
        wait -> parameterOptional("consistency", consistency -> {
          if (consistency.isPresent()) {
            RequestBodies.majorityConsistency(consistency.get());
            if (wait.isPresent()) {
              throw new BadRequestException("'wait' and 'consistency' cannot be combined");
            }
            // Read-your-writes for a caller that learned of a change elsewhere: read a majority first.
            return onSuccess(locations.catchUp(connection), caughtUp -> caughtUp
                ? found(connection, locations.find(connection))
                : complete(LocationResponses.unavailable(
                    "no majority of registry replicas answered for " + connection + " in time")));
          }
          return found(connection,
              wait.isPresent()
                  ? locations.resolve(connection, RequestBodies.waitDuration(wait.get(), settings.maxResolveWait()))
                  : locations.find(connection));
        }));
  }

  private Route found(Connection connection, CompletionStage<Optional<Location>> found) {
    return onSuccess(
        found,
        location ->
            complete(
                location
                    .map(l -> JsonResponses.json(StatusCodes.OK, l))
                    .orElseGet(() -> LocationResponses.notFound(connection))));
  }

  private Route unregister(String name) {
    Connection connection = RequestBodies.connectionName(name);
    return parameterOptional(
        "epoch",
        epoch ->
            onSuccess(
                locations.unregister(connection, RequestBodies.requiredEpoch(epoch, "remove")),
                r -> complete(LocationResponses.unregistered(r))));
  }

  private Route refreshLease(String name) {
    Connection connection = RequestBodies.connectionName(name);
    return parameterOptional(
        "epoch",
        epoch ->
            onSuccess(
                // The name's entity compares the epoch: a registration made through any node is checked.
                locations.refreshLease(connection, RequestBodies.requiredEpoch(epoch, "renew the lease of")),
                r -> complete(LocationResponses.leaseRefreshed(r))));
  }

  private Route events() {
    return parameterOptional(
        "connection",
        name -> {
          Optional<Connection> followed = name.map(RequestBodies::connectionName);
          Source<ServerSentEvent, ActorRef<TrackingEvent>> source =
              ActorSource.<TrackingEvent>actorRef(
                      event -> false,
                      event -> Optional.empty(),
                      EVENTS_BUFFER,
                      // A listener too slow for the feed loses its stream and reconnects to a fresh
                      // snapshot, rather than silently missing a change.
                      OverflowStrategy.fail())
                  .map(LocationRoutes::toServerSentEvent);
          Source<ServerSentEvent, NotUsed> started =
              source.mapMaterializedValue(
                  listener -> {
                    locations.listen(followed, listener);
                    return NotUsed.getInstance();
                  });
          return completeOK(
              started.keepAlive(settings.eventsKeepAlive(), ServerSentEvent::heartbeat),
              EventStreamMarshalling.toEventStream());
        });
  }

  private static ServerSentEvent toServerSentEvent(TrackingEvent event) {
    try {
      return ServerSentEvent.create(
          LocationJson.mapper().writerFor(TrackingEvent.class).writeValueAsString(event),
          event.getClass().getSimpleName());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a tracking event", e);
    }
  }

  private static Predicate<Location> filter(Map<String, String> params) {
    Predicate<Location> filter = location -> true;
    for (Map.Entry<String, String> param : params.entrySet()) {
      String value = param.getValue();
      Predicate<Location> one =
          switch (param.getKey()) {
            case "componentType" -> {
              ComponentType type = parsed(() -> ComponentType.parse(value));
              yield l -> l.connection().componentType() == type;
            }
            case "connectionType" -> {
              ConnectionType type = parsed(() -> ConnectionType.parse(value));
              yield l -> l.connection().connectionType() == type;
            }
            case "hostname" -> l -> l.hostname().map(value::equals).orElse(false) || value.equals(l.uri().getHost());
            case "prefix" -> l -> l.connection().prefix().toString().startsWith(value);
            default -> throw new BadRequestException(
                "unknown query parameter '" + param.getKey() + "' (expected one of "
                    + String.join(", ", List.of("componentType", "hostname", "prefix", "connectionType")) + ")");
          };
      filter = filter.and(one);
    }
    return filter;
  }

  private static <T> T parsed(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidNameException e) {
      throw new BadRequestException(e.getMessage());
    }
  }
}
