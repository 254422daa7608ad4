package io.agentfleet.agentservice.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentfleet.agent.client.AgentProtocol;
import io.agentfleet.agent.client.AgentProtocol.FailureReason;
import io.agentfleet.agentservice.api.protocol.AgentStatusResponse;
import io.agentfleet.agentservice.api.protocol.ComponentIdDto;
import io.agentfleet.agentservice.api.protocol.Failed;
import io.agentfleet.location.model.Connection;
import io.agentfleet.location.model.Location;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentStatusViewTest {
  private static Location at(String connection, Map<String, String> metadata) {
    return new Location(Connection.parse(connection), URI.create("akka://fleet@127.0.0.1:1/user/x"), metadata);
  }

  @Test
  void sequenceComponentsGoUnderTheAgentThatSpawnedThem() {
    List<Location> all =
        List.of(
            at("ESW.machine1-Machine-akka", Map.of()),
            at("ESW.machine2-Machine-akka", Map.of()),
            at("ESW.c2-SequenceComponent-akka", Map.of(Location.AGENT_PREFIX, "ESW.machine1")),
            at("ESW.c1-SequenceComponent-akka", Map.of(Location.AGENT_PREFIX, "ESW.machine1")),
            at("ESW.byhand-SequenceComponent-akka", Map.of()),
            at("ESW.lost-SequenceComponent-akka", Map.of(Location.AGENT_PREFIX, "ESW.gone")),
            at("ESW.other-Service-http", Map.of(Location.AGENT_PREFIX, "ESW.machine2")));

    var status = (AgentStatusResponse.Success) AgentServiceImpl.statusOf(all);

    assertEquals(2, status.agentStatus().size());
    var machine1 = status.agentStatus().get(0);
    assertEquals(new ComponentIdDto("ESW.machine1", "Machine"), machine1.agentId());
    assertEquals(
        List.of(new ComponentIdDto("ESW.c1", "SequenceComponent"), new ComponentIdDto("ESW.c2", "SequenceComponent")),
        machine1.seqCompsStatus().stream().map(s -> s.seqCompId()).toList());
    assertEquals(List.of(), status.agentStatus().get(1).seqCompsStatus());
    assertEquals(
        List.of(new ComponentIdDto("ESW.byhand", "SequenceComponent"), new ComponentIdDto("ESW.lost", "SequenceComponent")),
        status.seqCompsWithoutAgent().stream().map(s -> s.seqCompId()).sorted(java.util.Comparator.comparing(ComponentIdDto::prefix)).toList());
  }

  @Test
  void agentFailuresBecomeOneMessageWithReasonAndExitCode() {
    Failed failed =
        WireResponses.failed(new AgentProtocol.Failed(FailureReason.ProcessExited, "ESW.c1 exited before registering", Optional.of(3), List.of("boom")));
    assertEquals("ProcessExited: ESW.c1 exited before registering (exit code 3)", failed.msg());
  }
}
