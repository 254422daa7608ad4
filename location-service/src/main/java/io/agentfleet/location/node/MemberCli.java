package io.agentfleet.location.node;

import picocli.CommandLine;

/** Runs a fleet app's picocli command the way all of them exit. */
public final class MemberCli {
  private MemberCli() {}

  /**
   * Executes {@code command}. On success the JVM keeps running (the actor system holds it until it
   * terminates); help, version and failures exit with picocli's code (2 for bad usage, the command's
   * own code otherwise).
   */
  public static void execute(Object command, String[] args) {
    CommandLine commandLine = new CommandLine(command);
    int exit = commandLine.execute(args);
    if (exit != 0 || commandLine.isUsageHelpRequested() || commandLine.isVersionHelpRequested()) {
      System.exit(exit);
    }
  }
}
