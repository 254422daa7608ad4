package io.agentfleet.agentservice.api.protocol;

import static io.agentfleet.agentservice.api.RequiredField.text;

/**
 * How many sequence components one agent runs, as ESW's sequence manager says it:
 * {@code {"agentPrefix":"ESW.machine1","countOfSeqComps":2}}. The count is checked (not negative) by
 * the service, which reports every problem of a config at once.
 */
public record AgentProvisionConfig(String agentPrefix, int countOfSeqComps) {
  public AgentProvisionConfig {
    agentPrefix = text(agentPrefix, "agentPrefix");
  }
}
