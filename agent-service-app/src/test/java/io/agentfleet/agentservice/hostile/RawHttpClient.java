package io.agentfleet.agentservice.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Sends a {@link HostileRequest}'s bytes over a fresh socket and reads the answer until the server
 * closes (every request says {@code Connection: close}). A write the server cut short is no failure
 * by itself: the server may answer an oversized body and close before reading it all.
 */
public final class RawHttpClient {
  private static final int MAX_ANSWER = 4 * 1024 * 1024;

  private final InetSocketAddress address;
  private final Duration readTimeout;

  public RawHttpClient(InetSocketAddress address, Duration readTimeout) {
    this.address = address;
    this.readTimeout = readTimeout;
  }

  public Answer send(HostileRequest request) {
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) readTimeout.toMillis());
      socket.setSoTimeout((int) readTimeout.toMillis());
      try {
        OutputStream out = socket.getOutputStream();
        out.write(request.bytes());
        out.flush();
        if (request.halfClose()) {
          socket.shutdownOutput();
        }
      } catch (IOException cutShort) {
        // Read whatever the server answered before it stopped reading.
      }
      return parse(readAll(socket.getInputStream()));
    } catch (SocketTimeoutException e) {
      return Answer.none("timeout");
    } catch (IOException e) {
      return Answer.none("reset");
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    try {
      for (int n; (n = in.read(buffer)) >= 0 && answer.size() < MAX_ANSWER; ) {
        answer.write(buffer, 0, n);
      }
    } catch (IOException reset) {
      // A reset after a complete answer (the server closed with our unread bytes pending) still counts.
      if (answer.size() == 0 || reset instanceof SocketTimeoutException) {
        throw reset;
      }
    }
    return answer.toByteArray();
  }

  static Answer parse(byte[] raw) {
    try {
      return parsed(raw);
    } catch (RuntimeException notHttp) {
      return Answer.none("garbled");
    }
  }

  private static Answer parsed(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/") || headEnd < 0) {
      return Answer.none(raw.length == 0 ? "closed" : "garbled");
    }
    String[] lines = text.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    String contentType = "";
    boolean chunked = false;
    for (String line : lines) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-type:")) {
        contentType = line.substring(13).trim();
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    String body = text.substring(headEnd + 4);
    if (chunked) {
      body = dechunked(body);
    }
    return Answer.of(status, contentType, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static String dechunked(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int lineEnd = body.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }
}
