package io.agentfleet.location.api;

/** A running {@code track}; close it to stop receiving events. */
public interface TrackingSubscription extends AutoCloseable {
  @Override
  void close();
}
