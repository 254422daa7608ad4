package io.agentfleet.location.api;

/**
 * Marks the location service's messages that cross JVMs; bound to Akka's {@code jackson-json}
 * serializer in this module's reference.conf. A message without it is dropped on the wire.
 */
public interface JsonSerializable {}
