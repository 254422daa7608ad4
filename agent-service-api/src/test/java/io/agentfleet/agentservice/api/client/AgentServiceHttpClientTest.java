package io.agentfleet.agentservice.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentfleet.agentservice.api.InvalidFieldException;
import io.agentfleet.agentservice.api.protocol.AgentStatus;
import io.agentfleet.agentservice.api.protocol.AgentStatusResponse;
import io.agentfleet.agentservice.api.protocol.ComponentIdDto;
import io.agentfleet.agentservice.api.protocol.Failed;
import io.agentfleet.agentservice.api.protocol.Killed;
import io.agentfleet.agentservice.api.protocol.SequenceComponentStatus;
import io.agentfleet.agentservice.api.protocol.Spawned;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real HTTP server on a free loopback port that records requests and replies as scripted. */
class AgentServiceHttpClientTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final ObjectMapper plain = new ObjectMapper();
  private final BlockingQueue<ReceivedRequest> received = new LinkedBlockingQueue<>();
  private final AtomicReference<Reply> reply = new AtomicReference<>(new Reply(200, "{\"_type\":\"Spawned\"}"));
  private final CountDownLatch releaseHeldReplies = new CountDownLatch(1);
  private volatile boolean holdReplies;
  private HttpServer server;

  private record ReceivedRequest(String method, String path, Optional<String> authorization, String contentType, String body) {}

  private record Reply(int status, String body) {}

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stopServer() {
    releaseHeldReplies.countDown();
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new ReceivedRequest(
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
          exchange.getRequestHeaders().getFirst("Content-Type"),
          body));
      if (holdReplies) {
        awaitRelease();
      }
      Reply answer = reply.get();
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  private void awaitRelease() {
    try {
      releaseHeldReplies.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void spawnSequenceComponentPostsEswJsonWithBearerToken() throws Exception {
    AgentServiceHttpClient client = client(() -> Optional.of("token-1"));

    assertEquals(new Spawned(), await(client.spawnSequenceComponent("ESW.agent1", "c1", Optional.empty(), false)));

    ReceivedRequest request = nextRequest();
    assertEquals("POST", request.method());
    assertEquals("/post-endpoint", request.path());
    assertEquals(Optional.of("Bearer token-1"), request.authorization());
    assertEquals("application/json", request.contentType());
    assertJsonEquals(
        "{\"_type\":\"SpawnSequenceComponent\",\"agentPrefix\":\"ESW.agent1\",\"componentName\":\"c1\",\"version\":[]}",
        request.body());
  }

  @Test
  void withoutTokenNoAuthorizationHeaderIsSent() throws Exception {
    reply.set(new Reply(200, "{\"_type\":\"Success\",\"agentStatus\":[{\"agentId\":{\"prefix\":\"ESW.agent1\","
        + "\"componentType\":\"Machine\"},\"seqCompsStatus\":[{\"seqCompId\":{\"prefix\":\"ESW.c1\","
        + "\"componentType\":\"SequenceComponent\"},\"sequencerLocation\":[]}]}],\"seqCompsWithoutAgent\":[]}"));
    AgentServiceHttpClient client = client(Optional::empty);

    AgentStatusResponse status = await(client.getAgentStatus());

    assertEquals(new AgentStatusResponse.Success(
        List.of(new AgentStatus(new ComponentIdDto("ESW.agent1", "Machine"),
            List.of(new SequenceComponentStatus(new ComponentIdDto("ESW.c1", "SequenceComponent"), Optional.empty())))),
        List.of()), status);
    ReceivedRequest request = nextRequest();
    assertEquals(Optional.empty(), request.authorization());
    assertJsonEquals("{\"_type\":\"GetAgentStatus\"}", request.body());
  }

  @Test
  void tokenIsAskedForOnEveryCall() throws Exception {
    AtomicReference<String> token = new AtomicReference<>("first");
    AgentServiceHttpClient client = client(() -> Optional.of(token.get()));

    await(client.spawnComponent("ESW.agent1", "sample", "ESW.c9", "Service", List.of()));
    token.set("refreshed");
    await(client.spawnComponent("ESW.agent1", "sample", "ESW.c9", "Service", List.of()));

    assertEquals(Optional.of("Bearer first"), nextRequest().authorization());
    assertEquals(Optional.of("Bearer refreshed"), nextRequest().authorization());
  }

  @Test
  void spawnSequenceManagerAndSpawnComponentSendTheirFields() throws Exception {
    AgentServiceHttpClient client = client(Optional::empty);

    await(client.spawnSequenceManager("ESW.agent1", "/p/obsmode.conf", true, Optional.of("1.0.0"), true));
    await(client.spawnComponent("ESW.agent1", "sample", "ESW.c9", "Service", List.of("--x")));

    assertJsonEquals("{\"_type\":\"SpawnSequenceManager\",\"agentPrefix\":\"ESW.agent1\","
        + "\"obsModeConfigPath\":\"/p/obsmode.conf\",\"isConfigLocal\":true,\"version\":[\"1.0.0\"],\"simulation\":true}",
        nextRequest().body());
    assertJsonEquals("{\"_type\":\"SpawnComponent\",\"agentPrefix\":\"ESW.agent1\",\"kind\":\"sample\","
        + "\"prefix\":\"ESW.c9\",\"componentType\":\"Service\",\"args\":[\"--x\"]}", nextRequest().body());
  }

  @Test
  void killAnswersKilledOrFailedAsValues() throws Exception {
    AgentServiceHttpClient client = client(Optional::empty);
    ComponentIdDto c1 = new ComponentIdDto("ESW.c1", "SequenceComponent");

    reply.set(new Reply(200, "{\"_type\":\"Killed\"}"));
    assertEquals(new Killed(), await(client.killComponent(c1)));
    reply.set(new Reply(200, "{\"_type\":\"Failed\",\"msg\":\"ESW.c1 is not running\"}"));
    assertEquals(new Failed("ESW.c1 is not running"), await(client.killComponent(c1)));

    assertJsonEquals("{\"_type\":\"KillComponent\",\"componentId\":{\"prefix\":\"ESW.c1\","
        + "\"componentType\":\"SequenceComponent\"}}", nextRequest().body());
  }

  @Test
  void basePathIsKeptBeforePostEndpoint() throws Exception {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/agent-service");
    AgentServiceHttpClient client = AgentServiceHttpClient.create(
        new AgentServiceClientSettings(base, WAIT, WAIT), Optional::empty);

    await(client.spawnSequenceComponent("ESW.agent1", "c1", Optional.empty(), false));

    assertEquals("/agent-service/post-endpoint", nextRequest().path());
  }

  @Test
  void errorStatusWithErrorBodyFailsWithItsErrorAndMessage() {
    reply.set(new Reply(401, "{\"error\":\"Unauthorized\",\"message\":\"token expired\"}"));

    AgentServiceException e = assertInstanceOf(AgentServiceException.class,
        failureOf(client(Optional::empty).getAgentStatus()));

    assertEquals(401, e.status());
    assertEquals("Unauthorized", e.error());
    assertEquals("token expired", e.errorMessage());
  }

  @Test
  void errorStatusWithOtherBodyFailsWithStatusAndBodyText() {
    reply.set(new Reply(502, "Bad Gateway from proxy"));

    AgentServiceException e = assertInstanceOf(AgentServiceException.class,
        failureOf(client(Optional::empty).getAgentStatus()));

    assertEquals(502, e.status());
    assertEquals("HTTP 502", e.error());
    assertEquals("Bad Gateway from proxy", e.errorMessage());
  }

  @Test
  void errorStatusWithEmptyBodySaysSo() {
    reply.set(new Reply(500, ""));

    AgentServiceException e = assertInstanceOf(AgentServiceException.class,
        failureOf(client(Optional::empty).getAgentStatus()));

    assertEquals(500, e.status());
    assertEquals("(empty body)", e.errorMessage());
  }

  @Test
  void successStatusWithWrongAnswerIsAnInvalidResponse() {
    reply.set(new Reply(200, "{\"_type\":\"Killed\"}"));

    AgentServiceException e = assertInstanceOf(AgentServiceException.class,
        failureOf(client(Optional::empty).spawnSequenceComponent("ESW.agent1", "c1", Optional.empty(), false)));

    assertEquals(200, e.status());
    assertEquals("InvalidResponse", e.error());
    assertEquals("unknown \"_type\" 'Killed'; expected one of: Failed, Spawned", e.errorMessage());
  }

  @Test
  void slowAnswerFailsAfterTheRequestTimeout() {
    holdReplies = true;
    AgentServiceHttpClient client = AgentServiceHttpClient.create(
        new AgentServiceClientSettings(baseUri(), Duration.ofMillis(300), WAIT), Optional::empty);

    assertInstanceOf(HttpTimeoutException.class, failureOf(client.getAgentStatus()));
  }

  @Test
  void invalidArgumentsFailTheStageWithoutSendingAnything() {
    Throwable failure = failureOf(client(Optional::empty).spawnSequenceComponent(" ", "c1", Optional.empty(), false));

    assertInstanceOf(InvalidFieldException.class, failure);
    assertEquals("field 'agentPrefix' must not be blank", failure.getMessage());
    // The request fails while it is being built, before anything is sent.
    assertTrue(received.isEmpty());
  }

  private AgentServiceHttpClient client(java.util.function.Supplier<Optional<String>> token) {
    return AgentServiceHttpClient.create(new AgentServiceClientSettings(baseUri(), WAIT, WAIT), token);
  }

  private URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private ReceivedRequest nextRequest() throws InterruptedException {
    ReceivedRequest request = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(request, "no request reached the server within " + WAIT);
    return request;
  }

  private void assertJsonEquals(String expected, String actual) throws IOException {
    JsonNode expectedTree = plain.readTree(expected);
    assertEquals(expectedTree, plain.readTree(actual));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Throwable failureOf(CompletionStage<?> stage) {
    try {
      Object value = stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return fail("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause() instanceof CompletionException wrapped ? wrapped.getCause() : e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      return fail("no answer within " + WAIT, e);
    }
  }
}
