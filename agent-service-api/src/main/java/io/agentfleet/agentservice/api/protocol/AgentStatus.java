package io.agentfleet.agentservice.api.protocol;

import static io.agentfleet.agentservice.api.RequiredField.listOrEmpty;
import static io.agentfleet.agentservice.api.RequiredField.value;

import java.util.List;

/** One agent ({@code componentType} Machine) and the sequence components it runs. */
public record AgentStatus(ComponentIdDto agentId, List<SequenceComponentStatus> seqCompsStatus) {
  public AgentStatus {
    agentId = value(agentId, "agentId");
    seqCompsStatus = listOrEmpty(seqCompsStatus, "seqCompsStatus");
  }
}
