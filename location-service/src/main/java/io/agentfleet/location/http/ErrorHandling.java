package io.agentfleet.location.http;

import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.MalformedRequestContentRejection;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.javadsl.server.Route;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.http.scaladsl.model.IllegalRequestException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejections and exceptions as JSON errors: never a stack trace or a text page to a client. Akka's
 * default rejection responses keep their status and text, wrapped into {@code {"error","message"}}.
 */
public final class ErrorHandling extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

  private final RejectionHandler rejections =
      RejectionHandler.newBuilder()
          .handle(
              MalformedRequestContentRejection.class,
              rejection ->
                  complete(
                      rejection.getCause() instanceof EntityStreamSizeException tooLarge
                          ? bodyTooLarge(tooLarge.limit())
                          : JsonResponses.error(StatusCodes.BAD_REQUEST, "BadRequest", "unreadable request body: " + rejection.message())))
          .build()
          .withFallback(RejectionHandler.defaultHandler())
          .mapRejectionResponse(
              response -> {
                if (response.entity().getContentType().mediaType().toString().equals("application/json")) {
                  return response;
                }
                String text =
                    response.entity() instanceof HttpEntity.Strict strict
                        ? strict.getData().utf8String()
                        : response.status().reason();
                return JsonResponses.error(response.status(), errorName(response), tooLargeMessage(text));
              });

  private final ExceptionHandler exceptions =
      ExceptionHandler.newBuilder()
          .match(BadRequestException.class, e -> complete(JsonResponses.error(StatusCodes.BAD_REQUEST, "BadRequest", e.getMessage())))
          .match(EntityStreamSizeException.class, e -> complete(bodyTooLarge(e.limit())))
          .match(
              Throwable.class,
              e -> {
                Throwable cause = e.getCause();
                if (cause instanceof EntityStreamSizeException tooLarge) {
                  return complete(bodyTooLarge(tooLarge.limit()));
                }
                if (illegalRequest(e) instanceof IllegalRequestException illegal) {
                  return complete(illegal(illegal));
                }
                if (cause instanceof BadRequestException bad) {
                  return complete(JsonResponses.error(StatusCodes.BAD_REQUEST, "BadRequest", bad.getMessage()));
                }
                log.error("request failed", e);
                return complete(
                    JsonResponses.error(StatusCodes.INTERNAL_SERVER_ERROR, "InternalError", "the request failed; see the server log"));
              })
          .build();

  /** Wraps {@code inner} so every error leaves as JSON. */
  public Route handled(Supplier<Route> inner) {
    return handleExceptions(exceptions, () -> handleRejections(rejections, inner));
  }

  private static HttpResponse bodyTooLarge(long limit) {
    // 400 as the API promises for any bad input; the message says what the limit is.
    return JsonResponses.error(
        StatusCodes.BAD_REQUEST, "BodyTooLarge", "the request body is larger than the limit of " + limit + " bytes");
  }

  /**
   * A request Akka HTTP found illegal while a route read it (a body cut off by the client, one that
   * did not arrive in time): the client's fault, answered with the status Akka gives it, never 500.
   */
  private static HttpResponse illegal(IllegalRequestException e) {
    return JsonParsingErrorHandler.response(e.status().intValue(), e.info().formatPretty());
  }

  private static Throwable illegalRequest(Throwable e) {
    return e instanceof IllegalRequestException ? e : e.getCause();
  }

  private static String errorName(HttpResponse response) {
    return response.status().reason().replace(" ", "");
  }

  private static String tooLargeMessage(String text) {
    return text.isBlank() ? "the request was rejected" : text;
  }
}
