package io.agentfleet.agentservice.api.rest;

import static io.agentfleet.agentservice.api.RequiredField.text;

/** A sequence component ({@code prefix}, e.g. {@code ESW.ESW_1}) on an agent ({@code agentPrefix}). */
public record Placement(String agentPrefix, String prefix) {
  public Placement {
    agentPrefix = text(agentPrefix, "agentPrefix");
    prefix = text(prefix, "prefix");
  }
}
