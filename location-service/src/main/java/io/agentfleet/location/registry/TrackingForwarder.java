package io.agentfleet.location.registry;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.agentfleet.location.api.TrackingEvent;
import java.util.function.Consumer;

/**
 * Hands tracking events to a plain Java listener, one at a time, until told to stop. Its protocol is
 * {@code Object} so the same actor takes events and the private stop signal; callers only ever see
 * it narrowed to {@code ActorRef<TrackingEvent>}.
 */
final class TrackingForwarder {
  static final Object STOP = new Object();

  private TrackingForwarder() {}

  static Behavior<Object> create(Consumer<TrackingEvent> listener) {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(Object.class)
                .onMessageEquals(STOP, Behaviors::stopped)
                .onMessage(
                    TrackingEvent.class,
                    event -> {
                      try {
                        listener.accept(event);
                      } catch (RuntimeException e) {
                        ctx.getLog().warn("a tracking listener failed on {}", event, e);
                      }
                      return Behaviors.same();
                    })
                .build());
  }
}
