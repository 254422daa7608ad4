package io.agentfleet.agentservice.hostile;

import java.nio.charset.StandardCharsets;

/**
 * One generated request, as the bytes that go on the wire: {@code api} says whose port it goes to,
 * {@code category} what kind of abuse it is. {@code engineLevel} marks requests whose framing Akka HTTP's
 * parser refuses before any route sees them (it may close the connection instead of answering);
 * {@code halfClose} ones end the client's side of the connection right after the bytes (a body shorter
 * than its declared length would otherwise leave the server waiting for the rest).
 */
public record HostileRequest(Api api, String category, byte[] bytes, boolean engineLevel, boolean halfClose) {

  /** Whose HTTP API a request goes to. */
  public enum Api { SERVICE, REGISTRY }

  /** A HEAD request: its answer has no body, so an error without JSON is what HTTP says. */
  public boolean isHead() {
    return bytes.length > 5 && new String(bytes, 0, 5, StandardCharsets.ISO_8859_1).equals("HEAD ");
  }

  /** The request line, shortened and with control characters escaped: what a failure message names. */
  public String summary() {
    String text = new String(bytes, 0, Math.min(bytes.length, 400), StandardCharsets.ISO_8859_1);
    int lineEnd = text.indexOf("\r\n");
    String line = lineEnd < 0 ? text : text.substring(0, lineEnd);
    StringBuilder out = new StringBuilder();
    for (char c : line.substring(0, Math.min(line.length(), 160)).toCharArray()) {
      out.append(c < 0x20 || c > 0x7e ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return api + " " + category + " [" + bytes.length + " bytes] " + out;
  }
}
