package io.agentfleet.location.csw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client for tests: sends text, collects the text messages it receives, sees the close. */
final class CswWebSocket implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;

  CswWebSocket(URI base) throws Exception {
    URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/websocket-endpoint");
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(uri, new Collector())
            .get(10, TimeUnit.SECONDS);
  }

  void send(String text) throws Exception {
    socket.sendText(text, true).get(10, TimeUnit.SECONDS);
  }

  /** The next message, parsed; fails when none arrives within {@code within}. */
  JsonNode next(Duration within) throws Exception {
    String text = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    if (text == null) {
      throw new AssertionError("no message within " + within.toMillis() + " ms");
    }
    return MAPPER.readTree(text);
  }

  /** The status code the server closed with; fails when it does not close within {@code within}. */
  int awaitClosedByServer(Duration within) throws Exception {
    return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  private final class Collector implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
