package io.agentfleet.agent.process;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * How the agent starts and ends component processes: it touches a process in no other way. Neither
 * method blocks its caller, so an actor may call them.
 */
public interface ProcessLauncher {
  /** Starts what {@code spec} describes; completes once it runs, or exceptionally when it cannot be started. */
  CompletionStage<RunningProcess> start(LaunchSpec spec);

  /** Ends the whole tree of {@code process} (SIGTERM, {@code grace}, SIGKILL); completes once it is gone. */
  CompletionStage<ProcessTree.Ending> terminate(RunningProcess process, Duration grace);
}
