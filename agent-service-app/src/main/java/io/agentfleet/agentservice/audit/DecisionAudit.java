package io.agentfleet.agentservice.audit;

import io.agentfleet.agentservice.failover.DecisionLog;
import io.agentfleet.agentservice.failover.FailoverEvent;
import io.agentfleet.location.model.Prefix;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Puts what the failover decider does on its own into the audit log, beside what operators ask
 * for: user {@value #USER}, action {@code failover}, the event (FailedOver, NotStarted, Stopped,
 * Found, Started) as the result, its reason as the message, and the status an HTTP answer would
 * have had (200 when the component runs or was left stopped on purpose, 503 when none of its agents
 * could start it).
 */
public final class DecisionAudit implements DecisionLog {
  /** Who the audit log names for the decider's own actions. */
  public static final String USER = "failover-decider";

  private final Consumer<AuditEvent> sink;
  private final Executor executor;
  private final String address;

  /**
   * @param sink the audit log
   * @param executor where the write runs: the decider calls this from inside its actor, and a write
   *     may wait when the audit log's queue is full
   * @param address this member's address, where the decider ran
   */
  public DecisionAudit(Consumer<AuditEvent> sink, Executor executor, String address) {
    this.sink = sink;
    this.executor = executor;
    this.address = address;
  }

  @Override
  public void decided(Prefix component, FailoverEvent event) {
    AuditEvent audited = eventOf(component, event, address);
    executor.execute(() -> sink.accept(audited));
  }

  static AuditEvent eventOf(Prefix component, FailoverEvent event, String address) {
    int status = event.what() == FailoverEvent.What.NotStarted ? 503 : 200;
    String route = event.from().map(from -> "from " + from + " ").orElse("") + event.to().map(to -> "to " + to + " ").orElse("");
    return new AuditEvent(event.at(), USER, Optional.empty(), address, "failover", event.to().or(event::from).map(Prefix::toString),
        Optional.of(component.toString()), status, event.what().name(), Optional.of(route + "(" + event.reason() + ")"),
        UUID.randomUUID().toString());
  }
}
