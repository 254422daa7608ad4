package io.agentfleet.agent.host;

import io.agentfleet.location.api.LocationService;
import io.agentfleet.location.api.Registration;
import io.agentfleet.location.api.RegistrationResult.LeaseResult;
import io.agentfleet.location.api.RegistrationResult.RegisterResult;
import io.agentfleet.location.api.RegistrationResult.ReserveResult;
import io.agentfleet.location.api.RegistrationResult.Reserved;
import io.agentfleet.location.api.RegistrationResult.UnregisterResult;
import io.agentfleet.location.api.RegistrationResult.Unregistered;
import io.agentfleet.location.api.TrackingEvent;
import io.agentfleet.location.api.TrackingSubscription;
import io.agentfleet.location.model.ComponentType;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.ConnectionType;
import io.agentfleet.location.model.Location;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The registry as the Agent uses it, in memory: every reservation succeeds with a fresh epoch, an
 * unregister answers what the test queued (else Unregistered, or RegistryUnavailable while down), and a test "registers" a component
 * by sending its tracking listener the location.
 */
final class FakeLocationService implements LocationService {
  private final AtomicLong epochs = new AtomicLong();
  private final Map<Connection, Consumer<TrackingEvent>> tracking = new ConcurrentHashMap<>();
  private final Queue<UnregisterResult> unregisterAnswers = new ConcurrentLinkedQueue<>();
  final AtomicInteger unregisterCalls = new AtomicInteger();
  private volatile boolean down;

  /** The next unregister calls answer these, in order; later ones answer Unregistered. */
  void answerUnregister(UnregisterResult... answers) {
    unregisterAnswers.addAll(List.of(answers));
  }

  /** While down, every unregister answers RegistryUnavailable. */
  void down(boolean down) {
    this.down = down;
  }

  /** The component that {@code process} is registers itself, as a spawned component does. */
  void registers(FakeLauncher.FakeProcess process) {
    Location location = locationOf(process);
    Consumer<TrackingEvent> listener = tracking.get(location.connection());
    if (listener == null) {
      throw new AssertionError("nobody tracks " + location.connection());
    }
    listener.accept(new TrackingEvent.LocationUpdated(location));
  }

  static Location locationOf(FakeLauncher.FakeProcess process) {
    Map<String, String> env = process.spec().environment();
    Connection connection = new Connection(io.agentfleet.location.model.Prefix.parse(env.get("AGENT_COMPONENT_PREFIX")),
        ComponentType.valueOf(env.get("AGENT_COMPONENT_TYPE")), ConnectionType.parse(env.get("AGENT_CONNECTION_TYPE")));
    return new Location(connection, java.net.URI.create("http://127.0.0.1:1/"), Map.of(
        Location.PID, Long.toString(process.pid()),
        Location.EPOCH, env.get("AGENT_COMPONENT_EPOCH"),
        Location.AGENT_PREFIX, env.get("AGENT_PREFIX")));
  }

  @Override
  public CompletionStage<ReserveResult> reserve(Connection connection, Duration hold) {
    return CompletableFuture.completedFuture(new Reserved(connection, epochs.incrementAndGet(), Instant.now().plus(hold)));
  }

  @Override
  public CompletionStage<UnregisterResult> unregister(Connection connection, long epoch) {
    unregisterCalls.incrementAndGet();
    if (down) {
      return CompletableFuture.completedFuture(new io.agentfleet.location.api.RegistrationResult.RegistryUnavailable("no majority"));
    }
    UnregisterResult next = unregisterAnswers.poll();
    return CompletableFuture.completedFuture(next != null ? next : new Unregistered(connection));
  }

  @Override
  public TrackingSubscription track(Connection connection, Consumer<TrackingEvent> listener) {
    tracking.put(connection, listener);
    return () -> tracking.remove(connection, listener);
  }

  @Override
  public CompletionStage<Optional<Location>> find(Connection connection) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  // ---- not used by the Agent

  @Override
  public CompletionStage<RegisterResult> register(Registration registration) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<UnregisterResult> unregister(Connection connection) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<Integer> unregisterAll() {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<LeaseResult> refreshLease(Connection connection) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<Optional<Location>> resolve(Connection connection, Duration within) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<List<Location>> list() {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<List<Location>> list(ComponentType componentType) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<List<Location>> list(ConnectionType connectionType) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<List<Location>> listByHostname(String hostname) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<List<Location>> listByPrefix(String prefix) {
    throw new UnsupportedOperationException();
  }

  @Override
  public TrackingSubscription trackAll(Consumer<TrackingEvent> listener) {
    throw new UnsupportedOperationException();
  }
}
