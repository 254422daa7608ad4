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
    useAPoolForAsyncCallbacks();
    CommandLine commandLine = commandLine(command);
    int exit = commandLine.execute(args);
    if (exit != 0 || commandLine.isUsageHelpRequested() || commandLine.isVersionHelpRequested()) {
      System.exit(exit);
    }
  }

  /**
   * Why {@code failure} stopped a start, as a fleet app tells the operator: its message, or its kind
   * when it has none (a StackOverflowError from a too small -Xss, say), never "null".
   */
  public static String reason(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getName() : message;
  }

  /**
   * The command line of a fleet app: before the command runs, a member must say whether it joins a
   * cluster ({@code --seeds}) or founds one ({@code --new-cluster}), and how it proves who it is to the
   * other members (member TLS, or plain TCP asked for explicitly); otherwise it is a usage error.
   */
  static CommandLine commandLine(Object command) {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setExecutionStrategy(
        parseResult -> {
          Integer help = CommandLine.executeHelpRequest(parseResult);
          if (help != null) {
            return help;
          }
          for (Object mixin : commandLine.getMixins().values()) {
            if (mixin instanceof ClusterMemberOptions member) {
              member.requireJoinOrFound(commandLine);
              member.requireTransportChoice(commandLine);
            }
          }
          return new CommandLine.RunLast().execute(parseResult);
        });
    return commandLine;
  }

  /**
   * Akka's Java API hands out Scala-converted CompletionStages whose callbacks always run
   * asynchronously on the JDK's default executor. With fewer than three cores the common pool has a
   * parallelism of 1, and the JDK then starts a new thread for every such callback (seen: 8,000
   * threads in three minutes on a two-core registry node, adding milliseconds to every request).
   * Giving the common pool at least two threads keeps those callbacks on pooled threads. It must be
   * set before anything touches the pool, so it runs first; an operator's own -D value wins.
   */
  static void useAPoolForAsyncCallbacks() {
    String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(key) == null) {
      System.setProperty(key, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
    }
  }
}
