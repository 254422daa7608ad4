package io.agentfleet.agentservice.api.protocol;

import static io.agentfleet.agentservice.api.RequiredField.listOrEmpty;
import static io.agentfleet.agentservice.api.RequiredField.value;

import java.util.List;

/**
 * Which agents run how many sequence components: ESW's {@code ProvisionConfig},
 * {@code {"config":[{"agentPrefix":"ESW.machine1","countOfSeqComps":2},…]}}. The order matters: it
 * numbers the components of each subsystem.
 */
public record ProvisionConfig(List<AgentProvisionConfig> config) {
  public ProvisionConfig {
    config = listOrEmpty(value(config, "config"), "config");
  }
}
