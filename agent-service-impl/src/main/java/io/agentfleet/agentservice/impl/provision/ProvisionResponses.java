package io.agentfleet.agentservice.impl.provision;

import io.agentfleet.agentservice.api.protocol.AgentStatusResponse;
import io.agentfleet.agentservice.api.protocol.ProvisionResponse;
import io.agentfleet.location.model.Prefix;

/** A provision's outcome in ESW's sequence-manager terms. */
public final class ProvisionResponses {
  private ProvisionResponses() {}

  public static ProvisionResponse of(Provisioner.Outcome outcome) {
    if (outcome instanceof Provisioner.MissingAgents missing) {
      return new ProvisionResponse.CouldNotFindMachines(missing.agents().stream().map(Prefix::toString).toList());
    }
    if (outcome instanceof Provisioner.AgentsNotRead notRead) {
      return new ProvisionResponse.FailedResponse(notRead.reason());
    }
    Provisioner.Provisioned provisioned = (Provisioner.Provisioned) outcome;
    return provisioned.failures().isEmpty()
        ? new ProvisionResponse.Success()
        : new ProvisionResponse.SpawningSequenceComponentsFailed(provisioned.failures());
  }

  /** A provision that could not begin because the registry could not be read. */
  public static ProvisionResponse registryFailure(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return new AgentStatusResponse.LocationServiceError(String.valueOf(cause.getMessage()));
  }
}
