package io.agentfleet.watchdog;

import java.util.concurrent.locks.LockSupport;

/** A component that does nothing but live; with {@code --child} it first starts a child process and prints its PID. */
public final class IdleComponent {
  private IdleComponent() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      Process child = new ProcessBuilder("sleep", "600").start();
      System.out.println("child " + child.pid());
    }
    System.out.println("started");
    System.out.flush();
    while (true) {
      LockSupport.park();
    }
  }
}
