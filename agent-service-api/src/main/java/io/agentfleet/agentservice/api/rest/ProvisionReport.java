package io.agentfleet.agentservice.api.rest;

import static io.agentfleet.agentservice.api.RequiredField.listOrEmpty;
import static io.agentfleet.agentservice.api.RequiredField.value;

import java.util.List;

/**
 * The answer to {@code POST /api/v1/provision}: the plan it carried out and, for each start or stop that
 * failed, why (empty when every one went through).
 */
public record ProvisionReport(ProvisionPlanView plan, List<String> failures) {
  public ProvisionReport {
    plan = value(plan, "plan");
    failures = listOrEmpty(failures, "failures");
  }
}
