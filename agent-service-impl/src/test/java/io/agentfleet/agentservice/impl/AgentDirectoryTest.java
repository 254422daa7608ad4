package io.agentfleet.agentservice.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AgentDirectoryTest {
  private static final Connection MACHINE = Connection.parse("ESW.machine1-Machine-akka");
  private static final Location AGENT = new Location(MACHINE, URI.create("akka://fleet@127.0.0.1:1/user/agent"));

  private final List<String> calls = new CopyOnWriteArrayList<>();
  /** This member's replica: what a find sees. */
  private final AtomicReference<Optional<Location>> replica = new AtomicReference<>(Optional.empty());

  private Optional<Location> findForSure(Optional<Location> onTheMajority) {
    return AgentDirectory.findForSure(MACHINE,
        connection -> {
          calls.add("find");
          return CompletableFuture.completedFuture(replica.get());
        },
        connection -> {
          calls.add("catch up");
          replica.set(onTheMajority);
          return CompletableFuture.completedFuture(true);
        }).toCompletableFuture().join();
  }

  @Test
  void anAgentThisReplicaHasNotSeenYetIsFoundAfterAMajorityRead() {
    assertEquals(Optional.of(AGENT), findForSure(Optional.of(AGENT)));
    assertEquals(List.of("find", "catch up", "find"), calls);
  }

  @Test
  void anAgentInThisReplicaIsFoundWithoutAMajorityRead() {
    replica.set(Optional.of(AGENT));
    assertEquals(Optional.of(AGENT), findForSure(Optional.of(AGENT)));
    assertEquals(List.of("find"), calls);
  }

  @Test
  void noAgentIsSaidOnlyAfterTheMajorityHasNoneEither() {
    assertEquals(Optional.empty(), findForSure(Optional.empty()));
    assertEquals(List.of("find", "catch up", "find"), calls);
  }
}
