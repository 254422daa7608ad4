package io.agentfleet.agentservice.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentfleet.agentservice.api.protocol.AgentProvisionConfig;
import io.agentfleet.agentservice.api.protocol.ProvisionConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The REST form of provisioning: the config as body, the plan and the report as answers. */
class ProvisionRestCodecsTest {
  private final RestCodecs codecs = new RestCodecs();
  private final ObjectMapper plain = new ObjectMapper();

  @Test
  void configRoundTrips() throws IOException {
    String json = "{\"config\":[{\"agentPrefix\":\"ESW.machine1\",\"countOfSeqComps\":3}]}";
    ProvisionConfig config = codecs.readRequest(json.getBytes(StandardCharsets.UTF_8), ProvisionConfig.class);

    assertEquals(new ProvisionConfig(List.of(new AgentProvisionConfig("ESW.machine1", 3))), config);
    assertEquals(plain.readTree(json), plain.readTree(codecs.write(config)));
  }

  @Test
  void planAndReportRoundTrip() throws IOException {
    ProvisionPlanView plan = new ProvisionPlanView(
        List.of(new Placement("ESW.machine2", "ESW.ESW_4")), List.of(new Placement("ESW.machine1", "ESW.ESW_9")),
        List.of(new Placement("ESW.machine1", "ESW.ESW_1")));
    ProvisionReport report = new ProvisionReport(plan, List.of("starting ESW.ESW_4 on ESW.machine2 failed: ProcessExited: …"));
    String json = "{\"plan\":{\"start\":[{\"agentPrefix\":\"ESW.machine2\",\"prefix\":\"ESW.ESW_4\"}],"
        + "\"stop\":[{\"agentPrefix\":\"ESW.machine1\",\"prefix\":\"ESW.ESW_9\"}],"
        + "\"keep\":[{\"agentPrefix\":\"ESW.machine1\",\"prefix\":\"ESW.ESW_1\"}]},"
        + "\"failures\":[\"starting ESW.ESW_4 on ESW.machine2 failed: ProcessExited: …\"]}";

    assertEquals(plain.readTree(json), plain.readTree(codecs.write(report)));
    assertEquals(report, codecs.readRequest(json.getBytes(StandardCharsets.UTF_8), ProvisionReport.class));
    assertEquals(plan, codecs.readRequest(codecs.write(plan), ProvisionPlanView.class));
  }
}
