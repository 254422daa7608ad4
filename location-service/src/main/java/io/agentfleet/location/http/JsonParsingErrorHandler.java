package io.agentfleet.location.http;

import akka.event.LoggingAdapter;
import akka.http.ParsingErrorHandler;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.scaladsl.model.ErrorInfo;
import akka.http.scaladsl.model.StatusCode;
import akka.http.javadsl.settings.ServerSettings;

/**
 * Answers a request Akka HTTP's parser refuses before any route sees it (a bad request line, too many
 * or too large headers, a lying Content-Length) with the API's JSON error instead of Akka's plain
 * text. Every HTTP server of the fleet (registry nodes, agents, the Agent Service) binds with
 * {@link #installedIn}. Not through {@code akka.http.server.parsing.error-handler} in a reference.conf:
 * the executable jars append every reference.conf, and akka-http-core's, appended after ours, would
 * set it back to Akka's default.
 *
 * <p>The parser only ever judges the request, so none of its refusals is a server failure: the 501
 * it gives an unknown method becomes 405 and the 505 for an unsupported HTTP version becomes 400.
 */
public final class JsonParsingErrorHandler extends ParsingErrorHandler {

  /** {@code settings} answering the parser's refusals with this handler. */
  public static ServerSettings installedIn(ServerSettings settings) {
    return settings.withParsingErrorHandler(JsonParsingErrorHandler.class.getName());
  }

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, akka.http.scaladsl.settings.ServerSettings settings) {
    // DEBUG, not Akka's WARN: anyone who can reach the port can fill the log with these.
    log.debug("Illegal request, answering {}: {}", status, info.formatPretty());
    return response(status.intValue(), info.formatPretty());
  }

  /** The answer to a request the parser refused with {@code status}; {@code message} says why. */
  static HttpResponse response(int status, String message) {
    if (status == StatusCodes.NOT_IMPLEMENTED.intValue()) {
      return JsonResponses.error(StatusCodes.METHOD_NOT_ALLOWED, "MethodNotAllowed", message);
    }
    if (status >= 500) {
      return JsonResponses.error(StatusCodes.BAD_REQUEST, "BadRequest", message + " (this server speaks HTTP/1.0 and HTTP/1.1)");
    }
    akka.http.javadsl.model.StatusCode code = StatusCodes.get(status);
    return JsonResponses.error(code, code.reason().replace(" ", ""), message);
  }
}
