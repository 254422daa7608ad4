package io.agentfleet.agentservice.api.protocol;

import static io.agentfleet.agentservice.api.RequiredField.optional;
import static io.agentfleet.agentservice.api.RequiredField.value;

import java.util.Optional;

/**
 * A sequence component and, when it runs one, the location of its sequencer (JSON {@code []} or {@code [location]}).
 */
public record SequenceComponentStatus(ComponentIdDto seqCompId, Optional<LocationDto> sequencerLocation) {
  public SequenceComponentStatus {
    seqCompId = value(seqCompId, "seqCompId");
    sequencerLocation = optional(sequencerLocation);
  }
}
