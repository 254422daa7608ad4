package io.agentfleet.agentservice.auth;

/** What a call needs; the role names behind each value come from {@link AuthSettings}. */
public enum Role {
  /** May change things: spawn, kill, provision. Also satisfies {@link #VIEWER}. */
  OPERATOR,
  /** May make read-only calls. */
  VIEWER
}
