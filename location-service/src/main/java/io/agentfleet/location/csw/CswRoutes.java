package io.agentfleet.location.csw;

import akka.Done;
import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.model.ws.TextMessage;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.japi.Pair;
import akka.stream.Materializer;
import akka.stream.OverflowStrategy;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.stream.typed.javadsl.ActorSource;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.RegistryUnavailable;
import io.agentfleet.location.api.RegistrationResult.StaleEpoch;
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.http.BadRequestException;
import io.agentfleet.location.http.LocationHttpSettings;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import scala.concurrent.duration.FiniteDuration;

/**
 * CSW's location contract on the registry's HTTP port: {@code POST /post-endpoint} and {@code GET
 * /websocket-endpoint}, so ESW's clients (esw-ts, CSW's own HTTP client) work unchanged. Names are
 * the registry's own, so an entry is the same through both APIs; every change goes to the name's
 * entity like any other, so epochs, ownership and fencing hold.
 */
public final class CswRoutes extends AllDirectives {
  private static final int EVENTS_BUFFER = 1024;
  // Akka HTTP ends a request after its request-timeout; a resolve may wait longer than that default.
  private static final Duration RESOLVE_ANSWER_MARGIN = Duration.ofSeconds(5);

  private final LocationService locations;
  private final LocationHttpSettings settings;
  private final String hostname;
  private final ExceptionHandler badInput =
      ExceptionHandler.newBuilder()
          .match(BadRequestException.class, e -> complete(CswResponses.badRequest(e.getMessage())))
          .build();

  /**
   * @param hostname where HTTP and TCP registrations made here are reached: this member's host, as
   *     CSW registers them at the host of the location service that took them
   */
  public CswRoutes(LocationService locations, LocationHttpSettings settings, String hostname) {
    this.locations = locations;
    this.settings = settings;
    this.hostname = hostname;
  }

  public Route route() {
    return handleExceptions(
        badInput,
        () ->
            concat(
                path("post-endpoint", () -> post(() -> entity(Unmarshaller.entityToString(), this::answer))),
                path("websocket-endpoint", () -> get(() -> extractMaterializer(mat -> handleWebSocketMessages(trackingSocket(mat)))))));
  }

  private Route answer(String body) {
    CswRequest request = CswRequest.parse(body, hostname);
    if (request instanceof CswRequest.Register register) {
      Location location = register.location().withMetadata(Location.REGISTERED_THROUGH, Location.CSW_CONTRACT);
      return onSuccess(locations.register(Registration.of(location)), r -> complete(CswResponses.registered(r, location)));
    }
    if (request instanceof CswRequest.Unregister unregister) {
      return onSuccess(unregister(unregister.connection()), this::complete);
    }
    if (request instanceof CswRequest.Find find) {
      return listed(locations.find(find.connection()).thenApply(found -> found.stream().toList()));
    }
    if (request instanceof CswRequest.Resolve resolve) {
      if (resolve.within().compareTo(settings.maxResolveWait()) > 0) {
        throw new BadRequestException(
            "field 'within' may be at most " + settings.maxResolveWait().toSeconds() + " seconds, was " + resolve.within().toMillis() + " ms");
      }
      return withRequestTimeout(
          FiniteDuration.create(resolve.within().plus(RESOLVE_ANSWER_MARGIN).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS),
          () -> listed(locations.resolve(resolve.connection(), resolve.within()).thenApply(found -> found.stream().toList())));
    }
    if (request instanceof CswRequest.ListByComponentType byType) {
      return listed(locations.list(byType.componentType()));
    }
    if (request instanceof CswRequest.ListByHostname byHost) {
      return listed(locations.listByHostname(byHost.hostname()));
    }
    if (request instanceof CswRequest.ListByConnectionType byConnectionType) {
      return listed(locations.list(byConnectionType.connectionType()));
    }
    if (request instanceof CswRequest.ListByPrefix byPrefix) {
      return listed(locations.listByPrefix(byPrefix.prefix()));
    }
    if (request instanceof CswRequest.ListByAgentPrefix byAgent) {
      String agent = byAgent.agentPrefix().toString();
      return listed(
          locations.list().thenApply(all -> all.stream().filter(l -> l.metadataValue(Location.AGENT_PREFIX).map(agent::equals).orElse(false)).toList()));
    }
    return listed(locations.list());
  }

  private Route listed(CompletionStage<List<Location>> found) {
    return onSuccess(found, list -> complete(CswResponses.locations(list)));
  }

  /**
   * CSW's unregister names no epoch, so it removes only a registration made through this contract;
   * one an agent owns, or one made through {@code /api/v1} (whose removal needs its epoch), is
   * refused. The name is first read from a majority, so a registration acknowledged through any
   * node is seen; the removal is then fenced by the epoch read, so a registration that took the name
   * meanwhile is left alone.
   */
  private CompletionStage<akka.http.javadsl.model.HttpResponse> unregister(Connection connection) {
    return locations
        .catchUp(connection)
        .thenCompose(
            caughtUp -> {
              if (!caughtUp) {
                return CompletableFuture.completedFuture(
                    CswResponses.unregistrationFailed(
                        StatusCodes.SERVICE_UNAVAILABLE, connection, "no majority of registry replicas answered in time; try again"));
              }
              return locations.find(connection).thenCompose(found -> unregisterFound(connection, found));
            });
  }

  private CompletionStage<akka.http.javadsl.model.HttpResponse> unregisterFound(Connection connection, Optional<Location> found) {
    if (found.isEmpty()) {
      return CompletableFuture.completedFuture(CswResponses.done());
    }
    Location location = found.get();
    boolean ours = location.metadataValue(Location.REGISTERED_THROUGH).map(Location.CSW_CONTRACT::equals).orElse(false);
    Optional<Long> epoch = location.epoch();
    if (!ours || epoch.isEmpty()) {
      return CompletableFuture.completedFuture(
          CswResponses.unregistrationFailed(
              StatusCodes.CONFLICT,
              connection,
              "it was not registered through this contract"
                  + location.metadataValue(Location.AGENT_PREFIX).map(a -> " (agent " + a + " runs it; kill it through the Agent Service)").orElse("")
                  + "; remove it through /api/v1 with its epoch"));
    }
    return locations
        .unregister(connection, epoch.get())
        .thenApply(
            result -> {
              if (result instanceof StaleEpoch) {
                return CswResponses.unregistrationFailed(
                    StatusCodes.CONFLICT, connection, "it was registered again meanwhile; the new registration is left alone");
              }
              if (result instanceof RegistryUnavailable unavailable) {
                return CswResponses.unregistrationFailed(StatusCodes.SERVICE_UNAVAILABLE, connection, unavailable.message());
              }
              return CswResponses.done();
            });
  }

  /**
   * One {@code Track} request, then the connection's events until either side closes. Requests and
   * events are coupled: the client closing the socket ends the event stream, and its end closes the
   * tracking subscription, so a socket closed mid-stream leaves no listener behind.
   */
  private Flow<Message, Message, NotUsed> trackingSocket(Materializer mat) {
    Pair<ActorRef<Object>, Source<Object, NotUsed>> outbound =
        ActorSource.<Object>actorRef(
                message -> false,
                message -> Optional.empty(),
                EVENTS_BUFFER,
                // A client too slow for the feed loses the socket (and re-tracks), rather than silently missing a change.
                OverflowStrategy.fail())
            .preMaterialize(mat);
    ActorRef<Object> socket = outbound.first();
    SocketSubscription subscription = new SocketSubscription();
    AtomicBoolean first = new AtomicBoolean(true);
    Sink<Message, CompletionStage<Done>> requests =
        Sink.foreach(
            message -> {
              CompletionStage<String> text = text(message, mat);
              if (!first.getAndSet(false)) {
                // Only the first message is a request; later ones are drained and ignored.
                text.exceptionally(e -> "");
                return;
              }
              text.whenComplete(
                  (body, failure) -> {
                    try {
                      if (failure != null) {
                        throw failure instanceof BadRequestException bad ? bad : new BadRequestException("unreadable message: " + failure.getMessage());
                      }
                      Connection connection = CswTrack.parse(body);
                      subscription.open(locations.track(connection, socket::tell));
                    } catch (BadRequestException e) {
                      socket.tell(new Rejected(CswResponses.badRequestBody(e.getMessage())));
                    }
                  });
            });
    Source<Message, NotUsed> events =
        outbound
            .second()
            // A rejected request is answered, then the socket closes.
            .takeWhile(message -> !(message instanceof Rejected), true)
            .map(CswRoutes::toMessage)
            .watchTermination(
                (notUsed, done) -> {
                  done.whenComplete((d, e) -> subscription.close());
                  return notUsed;
                });
    return Flow.fromSinkAndSourceCoupled(requests, events);
  }

  private CompletionStage<String> text(Message message, Materializer mat) {
    if (!message.isText()) {
      message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), mat);
      return CompletableFuture.failedFuture(new BadRequestException("messages must be JSON text, not binary"));
    }
    TextMessage text = message.asTextMessage();
    if (text.isStrict()) {
      return CompletableFuture.completedFuture(text.getStrictText());
    }
    long limit = settings.maxBodyBytes();
    return text.getStreamedText()
        .limitWeighted(limit, s -> (long) s.length())
        .runFold(new StringBuilder(), StringBuilder::append, mat)
        .thenApply(StringBuilder::toString)
        .exceptionally(
            e -> {
              Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
              throw new BadRequestException(
                  cause instanceof akka.stream.StreamLimitReachedException
                      ? "the message is larger than the limit of " + limit + " bytes"
                      : "the message could not be read: " + cause.getMessage());
            });
  }

  private static Message toMessage(Object message) {
    JsonNode json =
        message instanceof Rejected rejected ? rejected.body() : CswJson.trackingEvent((TrackingEvent) message);
    return TextMessage.create(json.toString());
  }

  /** A request the socket cannot serve: its error goes out, then the socket closes. */
  private record Rejected(JsonNode body) {}

  /** The subscription of one socket, closed once whether the socket or the request comes last. */
  private static final class SocketSubscription {
    private io.agentfleet.location.api.TrackingSubscription open;
    private boolean closed;

    synchronized void open(io.agentfleet.location.api.TrackingSubscription subscription) {
      if (closed) {
        subscription.close();
      } else {
        open = subscription;
      }
    }

    synchronized void close() {
      closed = true;
      if (open != null) {
        open.close();
        open = null;
      }
    }
  }
}
