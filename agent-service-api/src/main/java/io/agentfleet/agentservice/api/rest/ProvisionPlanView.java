package io.agentfleet.agentservice.api.rest;

import static io.agentfleet.agentservice.api.RequiredField.listOrEmpty;

import java.util.List;

/**
 * What a provision changes ({@code POST /api/v1/provision/plan} answers it without changing anything):
 * the sequence components it starts, those it stops, and those already running where the config wants
 * them, which it keeps.
 */
public record ProvisionPlanView(List<Placement> start, List<Placement> stop, List<Placement> keep) {
  public ProvisionPlanView {
    start = listOrEmpty(start, "start");
    stop = listOrEmpty(stop, "stop");
    keep = listOrEmpty(keep, "keep");
  }
}
