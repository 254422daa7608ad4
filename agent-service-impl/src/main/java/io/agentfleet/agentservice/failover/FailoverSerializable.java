package io.agentfleet.agentservice.failover;

/**
 * Marker of the failover decider's messages: it is a cluster singleton, so a request may come from
 * another member. Bound to Akka's {@code jackson-json} serializer in this module's reference.conf.
 */
public interface FailoverSerializable {}
