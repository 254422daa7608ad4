package io.agentfleet.location.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentfleet.location.api.LocationJson;
import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.api.Registration;
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
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.api.TrackingSubscription;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LocationService} over a registry member's HTTP API, for processes that are not cluster
 * members (no Akka here). Registrations made with a lease are refreshed at a third of the lease until
 * they are unregistered or the client is closed. The client remembers the epoch each registration or
 * reservation was answered with and names it when it unregisters the name or renews its lease, as
 * the HTTP API requires. Result-typed calls answer a failure to reach the
 * registry with {@link RegistryUnavailable}; reads ({@code find}, {@code list…}) complete
 * exceptionally with a {@link LocationServiceException} instead.
 */
public final class HttpLocationService implements LocationService, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpLocationService.class);

  private final HttpLocationClientSettings settings;
  private final HttpClient http;
  private final ObjectMapper mapper = LocationJson.mapper();
  private final ScheduledExecutorService scheduler;
  private final Map<Connection, ScheduledFuture<?>> leaseRefreshes = new ConcurrentHashMap<>();
  // The epoch each name was last answered with (register or reserve): the HTTP API changes a name
  // only with its epoch, and this is how the client proves it means its own registration.
  private final Map<Connection, Long> epochs = new ConcurrentHashMap<>();

  public HttpLocationService(HttpLocationClientSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).version(HttpClient.Version.HTTP_1_1).build();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "location-client-leases");
      t.setDaemon(true);
      return t;
    });
  }

  public static HttpLocationService connect(URI baseUri) {
    return new HttpLocationService(HttpLocationClientSettings.of(baseUri));
  }

  // ---- changes

  @Override
  public CompletionStage<RegisterResult> register(Registration registration) {
    ObjectNode body = mapper.createObjectNode();
    Location location = registration.location();
    body.put("connection", location.connection().name());
    body.put("uri", location.uri().toString());
    body.set("metadata", mapper.valueToTree(location.metadata()));
    registration.epoch().ifPresent(e -> body.put("epoch", e));
    registration.lease().ifPresent(l -> body.put("leaseSeconds", Math.max(1, l.toSeconds())));
    return call("POST", "/api/v1/locations", body)
        .<RegisterResult>thenApply(reply -> {
          if (reply.status() == 201) {
            Location registered = read(reply.json(), Location.class);
            registered.epoch().ifPresent(epoch -> {
              epochs.put(registered.connection(), epoch);
              registration.lease().ifPresent(lease -> keepLeased(registered.connection(), epoch, lease));
            });
            return new Registered(registered);
          }
          return (RegisterResult) failure(reply, location.connection());
        })
        .exceptionally(this::unavailable);
  }

  @Override
  public CompletionStage<ReserveResult> reserve(Connection connection, Duration hold) {
    ObjectNode body = mapper.createObjectNode();
    body.put("connection", connection.name());
    body.put("seconds", Math.max(1, hold.toSeconds()));
    return call("POST", "/api/v1/reservations", body)
        .<ReserveResult>thenApply(reply -> {
          if (reply.status() == 201) {
            long epoch = reply.json().get("epoch").asLong();
            epochs.put(connection, epoch);
            return new Reserved(connection, epoch, Instant.parse(reply.json().get("deadline").asText()));
          }
          return (ReserveResult) failure(reply, connection);
        })
        .exceptionally(this::unavailable);
  }

  /** Removes the registration or reservation made through this client, naming the epoch it was answered. */
  @Override
  public CompletionStage<UnregisterResult> unregister(Connection connection) {
    return knownEpoch(connection, "unregister", "unregister(connection, epoch)").thenCompose(epoch -> unregister(connection, epoch));
  }

  @Override
  public CompletionStage<UnregisterResult> unregister(Connection connection, long epoch) {
    if (Optional.ofNullable(epochs.get(connection)).map(known -> known == epoch).orElse(false)) {
      stopRefreshing(connection);
    }
    return call("DELETE", "/api/v1/locations/" + encode(connection.name()) + "?epoch=" + epoch, null)
        .<UnregisterResult>thenApply(reply -> {
          UnregisterResult result = reply.status() == 204 ? new Unregistered(connection) : (UnregisterResult) failure(reply, connection);
          if (!(result instanceof RegistryUnavailable)) {
            epochs.remove(connection, epoch); // settled: this epoch can change nothing any more
          }
          return result;
        })
        .exceptionally(this::unavailable);
  }

  /** Renews the lease of a registration made through this client, naming the epoch it was answered. */
  @Override
  public CompletionStage<LeaseResult> refreshLease(Connection connection) {
    return knownEpoch(connection, "refresh the lease of", "refreshLease(connection, epoch)").thenCompose(epoch -> refreshLease(connection, epoch));
  }

  /** Renews the lease of the registration of {@code connection} that has {@code epoch}. */
  public CompletionStage<LeaseResult> refreshLease(Connection connection, long epoch) {
    return call("PUT", "/api/v1/locations/" + encode(connection.name()) + "/lease?epoch=" + epoch, null)
        .<LeaseResult>thenApply(reply -> {
          if (reply.status() == 200) {
            JsonNode seconds = reply.json().get("leaseSeconds");
            return new LeaseRefreshed(connection, seconds == null || seconds.isNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds.asLong())));
          }
          return (LeaseResult) failure(reply, connection);
        })
        .exceptionally(this::unavailable);
  }

  /** The epoch this client was answered for {@code connection}; a caller's mistake without one. */
  private CompletionStage<Long> knownEpoch(Connection connection, String action, String withEpoch) {
    Long epoch = epochs.get(connection);
    return epoch != null
        ? CompletableFuture.completedFuture(epoch)
        : CompletableFuture.failedFuture(new LocationServiceException(
            "cannot " + action + " " + connection + ": this client did not register or reserve it, so it does not know its"
                + " epoch; call " + withEpoch + " with the epoch of its registration", null));
  }

  // ---- reads

  @Override
  public CompletionStage<Optional<Location>> find(Connection connection) {
    return findAt("/api/v1/locations/" + encode(connection.name()));
  }

  @Override
  public CompletionStage<Boolean> catchUp(Connection connection) {
    return call("GET", "/api/v1/locations/" + encode(connection.name()) + "?consistency=majority", null, settings.requestTimeout())
        .thenApply(reply -> reply.status() == 200 || reply.status() == 404)
        .exceptionally(noAnswer -> false);
  }

  @Override
  public CompletionStage<Optional<Location>> resolve(Connection connection, Duration within) {
    return findAt("/api/v1/locations/" + encode(connection.name()) + "?wait=" + Math.max(1, within.toMillis()) + "ms", within);
  }

  private CompletionStage<Optional<Location>> findAt(String path) {
    return findAt(path, Duration.ZERO);
  }

  private CompletionStage<Optional<Location>> findAt(String path, Duration extra) {
    return call("GET", path, null, settings.requestTimeout().plus(extra)).thenApply(reply -> {
      if (reply.status() == 404) {
        return Optional.empty();
      }
      expect(reply, 200);
      return Optional.of(read(reply.json(), Location.class));
    });
  }

  @Override
  public CompletionStage<List<Location>> list() {
    return listAt("");
  }

  @Override
  public CompletionStage<List<Location>> list(ComponentType componentType) {
    return listAt("?componentType=" + encode(componentType.name()));
  }

  @Override
  public CompletionStage<List<Location>> list(ConnectionType connectionType) {
    return listAt("?connectionType=" + encode(connectionType.wireName()));
  }

  @Override
  public CompletionStage<List<Location>> listByHostname(String hostname) {
    return listAt("?hostname=" + encode(hostname));
  }

  @Override
  public CompletionStage<List<Location>> listByPrefix(String prefix) {
    return listAt("?prefix=" + encode(prefix));
  }

  private CompletionStage<List<Location>> listAt(String query) {
    return call("GET", "/api/v1/locations" + query, null).thenApply(reply -> {
      expect(reply, 200);
      return List.of(read(reply.json(), Location[].class));
    });
  }

  // ---- tracking

  @Override
  public TrackingSubscription track(Connection connection, Consumer<TrackingEvent> listener) {
    return follow("/api/v1/events?connection=" + encode(connection.name()), listener);
  }

  @Override
  public TrackingSubscription trackAll(Consumer<TrackingEvent> listener) {
    return follow("/api/v1/events", listener);
  }

  /** Reads the SSE stream on a thread of its own, reconnecting after a drop until closed. */
  private TrackingSubscription follow(String path, Consumer<TrackingEvent> listener) {
    AtomicBoolean closed = new AtomicBoolean();
    Map<String, InputStream> open = new ConcurrentHashMap<>();
    Thread reader = new Thread(() -> {
      while (!closed.get()) {
        try {
          HttpResponse<InputStream> response = http.send(
              HttpRequest.newBuilder(settings.baseUri().resolve(path)).header("Accept", "text/event-stream").GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
          open.put("stream", response.body());
          if (response.statusCode() == 200) {
            readEvents(response.body(), listener, closed);
          } else {
            response.body().close();
          }
        } catch (IOException e) {
          log.debug("tracking stream {} dropped: {}", path, e.toString());
        } catch (InterruptedException e) {
          return;
        }
        if (!closed.get()) {
          try {
            Thread.sleep(settings.reconnectDelay().toMillis()); // back-off between reconnects, not a test wait
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }, "location-client-track");
    reader.setDaemon(true);
    reader.start();
    return () -> {
      closed.set(true);
      Optional.ofNullable(open.get("stream")).ifPresent(stream -> {
        try {
          stream.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      });
      reader.interrupt();
    };
  }

  private void readEvents(InputStream body, Consumer<TrackingEvent> listener, AtomicBoolean closed) throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      StringBuilder data = new StringBuilder();
      for (String line = in.readLine(); line != null && !closed.get(); line = in.readLine()) {
        if (line.startsWith("data:")) {
          data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
        } else if (line.isEmpty() && data.length() > 0) {
          TrackingEvent event = mapper.readValue(data.toString(), TrackingEvent.class);
          data.setLength(0);
          listener.accept(event);
        }
      }
    }
  }

  // ---- leases

  private void keepLeased(Connection connection, long epoch, Duration lease) {
    long every = Math.max(200, lease.toMillis() / 3);
    ScheduledFuture<?> refresh = scheduler.scheduleAtFixedRate(() -> refreshLease(connection, epoch).thenAccept(result -> {
      // Unless this client has registered the name again since, with a lease of its own to refresh.
      boolean stillOurs = epochs.getOrDefault(connection, epoch) == epoch;
      if ((result instanceof NotFound || result instanceof StaleEpoch) && stillOurs) {
        log.warn("{}: the registry no longer has this client's registration ({}); lease refresh stops", connection, result);
        stopRefreshing(connection);
      }
    }), every, every, TimeUnit.MILLISECONDS);
    Optional.ofNullable(leaseRefreshes.put(connection, refresh)).ifPresent(old -> old.cancel(false));
  }

  private void stopRefreshing(Connection connection) {
    Optional.ofNullable(leaseRefreshes.remove(connection)).ifPresent(f -> f.cancel(false));
  }

  /** Connections whose lease this client keeps refreshing. */
  public java.util.Set<Connection> leased() {
    return java.util.Set.copyOf(leaseRefreshes.keySet());
  }

  @Override
  public void close() {
    leaseRefreshes.values().forEach(f -> f.cancel(false));
    leaseRefreshes.clear();
    scheduler.shutdownNow();
  }

  // ---- plumbing

  private record Reply(int status, JsonNode json, String body) {}

  private CompletableFuture<Reply> call(String method, String path, JsonNode body) {
    return call(method, path, body, settings.requestTimeout());
  }

  private CompletableFuture<Reply> call(String method, String path, JsonNode body, Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(settings.baseUri().resolve(path)).timeout(timeout)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .handle((response, failure) -> {
          if (failure != null) {
            throw new LocationServiceException("cannot reach the registry at " + settings.baseUri() + ": " + failure.getMessage(), failure);
          }
          JsonNode json = null;
          if (!response.body().isEmpty()) {
            try {
              json = mapper.readTree(response.body());
            } catch (IOException e) {
              throw new LocationServiceException("the registry answered " + response.statusCode() + " with a body that is not JSON", e);
            }
          }
          return new Reply(response.statusCode(), json, response.body());
        });
  }

  private Object failure(Reply reply, Connection connection) {
    String error = reply.json() != null && reply.json().has("error") ? reply.json().get("error").asText() : "";
    String message = reply.json() != null && reply.json().has("message") ? reply.json().get("message").asText() : reply.body();
    return switch (error) {
      case "AlreadyRegistered" -> new AlreadyRegistered(read(reply.json().get("existing"), Location.class));
      case "AlreadyReserved" -> new AlreadyReserved(connection, reply.json().get("epoch").asLong(), reply.json().get("owner").asText());
      case "StaleEpoch" -> new StaleEpoch(connection, reply.json().get("presented").asLong(),
          reply.json().has("current") ? Optional.of(reply.json().get("current").asLong()) : Optional.empty());
      case "NotFound" -> new NotFound(connection);
      case "RegistryUnavailable" -> new RegistryUnavailable(message);
      default -> throw new LocationServiceException("the registry refused the request (" + reply.status() + "): " + message, null);
    };
  }

  private <T> T unavailable(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof LocationServiceException e && e.getCause() == null) {
      throw e; // a refusal (a bad request), not an outage
    }
    @SuppressWarnings("unchecked")
    T result = (T) new RegistryUnavailable(cause.getMessage());
    return result;
  }

  private static void expect(Reply reply, int status) {
    if (reply.status() != status) {
      throw new LocationServiceException("the registry answered " + reply.status() + ": " + reply.body(), null);
    }
  }

  private <T> T read(JsonNode json, Class<T> type) {
    try {
      return mapper.treeToValue(json, type);
    } catch (IOException e) {
      throw new LocationServiceException("unexpected answer from the registry: " + json, e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
