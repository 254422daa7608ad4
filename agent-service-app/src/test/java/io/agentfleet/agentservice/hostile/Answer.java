package io.agentfleet.agentservice.hostile;

import java.util.Optional;

/**
 * What came back for one request: the status and body of the response, or {@code outcome} says there
 * was none ({@code closed}: the server closed the connection without answering; {@code reset};
 * {@code timeout}: nothing within the client's read timeout).
 */
public record Answer(Optional<Integer> status, String contentType, String body, String outcome) {

  static Answer of(int status, String contentType, String body) {
    return new Answer(Optional.of(status), contentType, body, Integer.toString(status));
  }

  static Answer none(String outcome) {
    return new Answer(Optional.empty(), "", "", outcome);
  }
}
