package io.agentfleet.agent.fencing;

import java.util.concurrent.locks.LockSupport;

/** A component that only lives, for watchdog tests. */
public final class ParkForever {
  private ParkForever() {}

  public static void main(String[] args) {
    while (true) {
      LockSupport.park();
    }
  }
}
