package io.agentfleet.agent.client;

/** Marks the Agent's messages that cross JVMs; bound to {@code jackson-json} in reference.conf. */
public interface AgentSerializable {}
