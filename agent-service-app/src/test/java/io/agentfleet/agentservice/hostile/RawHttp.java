package io.agentfleet.agentservice.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 request built byte by byte, so that anything a client could put on the wire can be
 * generated: a request line with control characters, headers a JDK client refuses to send, a
 * Content-Length that lies. By default it is a well-formed request ({@code Host}, {@code Content-Length}
 * of the body, {@code Connection: close}); each {@code without…}/{@code header} call takes a piece away or adds one.
 */
final class RawHttp {
  private final String method;
  private final byte[] target;
  private final List<String[]> headers = new ArrayList<>();
  private byte[] body = new byte[0];
  private boolean hostHeader = true;
  private boolean contentLength = true;
  private String version = "HTTP/1.1";

  private RawHttp(String method, byte[] target) {
    this.method = method;
    this.target = target;
  }

  static RawHttp request(String method, String target) {
    return new RawHttp(method, target.getBytes(StandardCharsets.UTF_8));
  }

  /** A request whose target is put on the wire as these bytes, unescaped. */
  static RawHttp requestRawTarget(String method, byte[] target) {
    return new RawHttp(method, target);
  }

  RawHttp header(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  RawHttp json(String body) {
    return json(body.getBytes(StandardCharsets.UTF_8));
  }

  RawHttp json(byte[] body) {
    header("Content-Type", "application/json");
    this.body = body;
    return this;
  }

  RawHttp body(byte[] body) {
    this.body = body;
    return this;
  }

  RawHttp bearer(String token) {
    return token == null ? this : header("Authorization", "Bearer " + token);
  }

  RawHttp withoutHost() {
    hostHeader = false;
    return this;
  }

  RawHttp withoutContentLength() {
    contentLength = false;
    return this;
  }

  RawHttp version(String version) {
    this.version = version;
    return this;
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512);
    out.writeBytes(method.getBytes(StandardCharsets.ISO_8859_1));
    out.write(' ');
    out.writeBytes(target);
    out.writeBytes((" " + version + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    if (hostHeader) {
      line(out, "Host", "127.0.0.1");
    }
    for (String[] h : headers) {
      line(out, h[0], h[1]);
    }
    if (contentLength && (body.length > 0 || method.equals("POST") || method.equals("PUT"))) {
      line(out, "Content-Length", Integer.toString(body.length));
    }
    line(out, "Connection", "close");
    out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static void line(ByteArrayOutputStream out, String name, String value) {
    // UTF-8, not Latin-1: a header with non-ASCII text goes out as a client would send it.
    out.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8));
  }
}
