package io.agentfleet.agent.host;

import io.agentfleet.location.api.LocationService;
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
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
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
final class FakeLocationService {
  /** The registry the Agent is given. */
  final LocationService service =
      (LocationService) Proxy.newProxyInstance(LocationService.class.getClassLoader(), new Class<?>[] {LocationService.class}, this::invoke);

  private final AtomicLong epochs = new AtomicLong();
  private final Map<Connection, Consumer<TrackingEvent>> tracking = new ConcurrentHashMap<>();
  private final Queue<UnregisterResult> unregisterAnswers = new ConcurrentLinkedQueue<>();
  final AtomicInteger unregisterCalls = new AtomicInteger();
  private volatile boolean down;
  private volatile Optional<Location> listed = Optional.empty();

  /** The next unregister calls answer these, in order; later ones answer Unregistered. */
  void answerUnregister(UnregisterResult... answers) {
    unregisterAnswers.addAll(List.of(answers));
  }

  /** While down, every unregister answers RegistryUnavailable. */
  void down(boolean down) {
    this.down = down;
  }

  /** From now on a find of {@code location}'s name answers it, as for a component registered by hand. */
  void lists(Location location) {
    listed = Optional.of(location);
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

  private CompletionStage<ReserveResult> reserve(Connection connection, Duration hold) {
    return CompletableFuture.completedFuture(new Reserved(connection, epochs.incrementAndGet(), Instant.now().plus(hold)));
  }

  private CompletionStage<UnregisterResult> unregister(Connection connection, long epoch) {
    unregisterCalls.incrementAndGet();
    if (down) {
      return CompletableFuture.completedFuture(new io.agentfleet.location.api.RegistrationResult.RegistryUnavailable("no majority"));
    }
    UnregisterResult next = unregisterAnswers.poll();
    return CompletableFuture.completedFuture(next != null ? next : new Unregistered(connection));
  }

  private TrackingSubscription track(Connection connection, Consumer<TrackingEvent> listener) {
    tracking.put(connection, listener);
    return () -> tracking.remove(connection, listener);
  }

  private CompletionStage<Optional<Location>> find(Connection connection) {
    return CompletableFuture.completedFuture(listed.filter(l -> l.connection().equals(connection)));
  }

  /**
   * Dispatches the calls the Agent makes to the methods above; any other call fails the test. A
   * proxy rather than an implementation, so the fake names only what the Agent uses and keeps
   * compiling while the registry's interface grows.
   */
  private Object invoke(Object proxy, Method method, Object[] args) {
    return switch (method.getName() + "/" + (args == null ? 0 : args.length)) {
      case "reserve/2" -> reserve((Connection) args[0], (Duration) args[1]);
      case "unregister/2" -> unregister((Connection) args[0], (Long) args[1]);
      case "track/2" -> track((Connection) args[0], castListener(args[1]));
      case "find/1" -> find((Connection) args[0]);
      case "toString/0" -> "FakeLocationService";
      case "hashCode/0" -> System.identityHashCode(proxy);
      case "equals/1" -> proxy == args[0];
      default -> throw new UnsupportedOperationException("the fake registry does not serve " + method);
    };
  }

  @SuppressWarnings("unchecked")
  private static Consumer<TrackingEvent> castListener(Object listener) {
    return (Consumer<TrackingEvent>) listener;
  }
}
