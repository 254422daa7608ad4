package io.agentfleet.agent.process;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** A started component process, as the agent sees it. */
public interface RunningProcess {
  long pid();

  Instant startedAt();

  /** Completes with the exit code once the process has exited and its output is in the log. */
  CompletionStage<Integer> exit();

  /** The last {@code n} lines of its output (from memory; no file is read). */
  List<String> logTail(int n);
}
