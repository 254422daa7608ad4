package io.agentfleet.agentservice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentfleet.location.testkit.Eventually;
import io.agentfleet.location.testkit.FreePorts;
import io.agentfleet.location.testkit.JsonHttp;
import io.agentfleet.location.testkit.MemberProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Agent Service's own registration as ESW.agent_service, with a real registry node and real
 * service JVMs (authentication is off here: it is not what this test is about).
 */
class AgentServiceRegistrationIT {
  private static final Path REGISTRY_JAR = Path.of("..", "location-service", "target", "location-service.jar");
  private static final Path SERVICE_JAR = Path.of("target", "agent-service-app.jar");
  private static final String NAME = "ESW.agent_service-Service-http";

  private MemberProcess registry;
  private MemberProcess first;
  private MemberProcess second;

  @AfterEach
  void stop() {
    for (MemberProcess p : new MemberProcess[] {second, first, registry}) {
      if (p != null) {
        p.close();
      }
    }
  }

  private static MemberProcess service(String name, int port, int seed) {
    return MemberProcess.start(name, SERVICE_JAR, port, List.of("-Dagent-service.auth.disabled=true"),
        List.of("--port", "" + port, "--cluster-port", "" + FreePorts.next(), "--seeds", "127.0.0.1:" + seed));
  }

  private static HttpResponse<String> find(URI registryApi) {
    try {
      return JsonHttp.client().send(HttpRequest.newBuilder(registryApi.resolve("/api/v1/locations/" + NAME)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theServiceHoldsItsEswNameASecondInstanceIsRefusedAndAStopFreesTheName() {
    int seed = FreePorts.next();
    int registryHttp = FreePorts.next();
    registry = MemberProcess.start("registry", REGISTRY_JAR, registryHttp, List.of("--cluster-port", "" + seed, "--http-port", "" + registryHttp, "--new-cluster"));
    registry.awaitHealthy(1, Duration.ofSeconds(90));
    URI registryApi = URI.create("http://127.0.0.1:" + registryHttp);

    int port = FreePorts.next();
    first = service("agent-service-1", port, seed);
    Eventually.await("the service is registered as " + NAME + " (log: " + first.log() + ")", Duration.ofSeconds(90),
        () -> find(registryApi).statusCode() == 200);
    assertTrue(find(registryApi).body().contains("\"uri\":\"http://127.0.0.1:" + port + "/\""), find(registryApi).body());

    second = service("agent-service-2", FreePorts.next(), seed);
    assertEquals(1, second.awaitExit(Duration.ofSeconds(90)), second.tail());
    assertTrue(second.output().contains("another Agent Service is registered at http://127.0.0.1:" + port + "/"), second.tail());
    assertEquals(200, find(registryApi).statusCode(), "the instance that lost the name must not remove the winner's");

    first.terminate();
    first.awaitExit(Duration.ofSeconds(60));
    Eventually.await("the name is free once the service has stopped", Duration.ofSeconds(10), () -> find(registryApi).statusCode() == 404);
  }
}
