package io.agentfleet.agentservice.auth;

import akka.http.javadsl.model.AttributeKey;
import io.agentfleet.agentservice.auth.Verification.Verified;
import java.util.Optional;

/**
 * Where {@link BearerAuthDirectives#authorized} leaves the verified caller of one request, for a directive
 * further out (the audit log) that must name the caller whatever is decided, without verifying the token
 * a second time. Put on the request as the {@link #KEY} attribute by that outer directive.
 */
public final class CallerSlot {
  /** The request attribute holding the slot. */
  public static final AttributeKey<CallerSlot> KEY = AttributeKey.create("agent-fleet-caller", CallerSlot.class);

  // Written and read on different threads when the token is verified asynchronously.
  private volatile Verified caller;

  void fill(Verified verified) {
    caller = verified;
  }

  /** The caller whose token verified, or empty when the request had no valid token. */
  public Optional<Verified> caller() {
    return Optional.ofNullable(caller);
  }
}
