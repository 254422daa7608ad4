package io.agentfleet.agentservice.api.rest;

import io.agentfleet.agentservice.api.RequiredField;
import static io.agentfleet.agentservice.api.RequiredField.value;

/**
 * A piece of a component's log, as {@code GET /api/v1/components/{componentId}/logs} shows it: whole
 * lines of its current log file, at most 32 KiB.
 *
 * @param componentId e.g. {@code ESW.c1-SequenceComponent}
 * @param agent the agent whose host holds the log, e.g. {@code ESW.machine1}
 * @param running whether the component is registered now; a follower stops once it is not and nothing is left to read
 * @param from the byte offset in the log file where {@code text} starts
 * @param nextOffset where the next read continues ({@code ?offset=nextOffset})
 * @param size the log file's size when it was read: {@code nextOffset < size} means there is more
 * @param text the lines, each ending with a newline
 */
public record ComponentLogView(String componentId, String agent, boolean running, long from, long nextOffset, long size, String text) {
  public ComponentLogView {
    componentId = RequiredField.text(componentId, "componentId");
    agent = RequiredField.text(agent, "agent");
    text = value(text, "text");
  }
}
