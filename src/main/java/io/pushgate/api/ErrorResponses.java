package io.pushgate.api;

import io.netty.handler.codec.DecoderException;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place that writes HTTP errors: {@code {"error","message","field"?,"requestId"}} as
 * {@code application/json}, the request id also in the headers {@link RequestIdHandler} set. Never a stack trace.
 */
final class ErrorResponses {

  /** When to come back after an overload or during a drain: soon, since both pass quickly. */
  static final String RETRY_AFTER_SECONDS = "1";

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {
  }

  /**
   * Answers with {@code failure}; the request-id headers were set when the request came in. Completes when the
   * answer is written.
   */
  static Future<Void> send(RoutingContext ctx, GatewayException failure) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return Future.succeededFuture();
    }
    ctx.put(AccessLog.ERROR_KEY, failure);
    if (failure.code() == FailureCode.OVERLOADED || failure.code() == FailureCode.DRAINING) {
      response.putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    return response.setStatusCode(failure.code().httpStatus())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(failure.toJson().put("requestId", RequestIdHandler.of(ctx)).toBuffer());
  }

  /**
   * Answers with {@code failure} and closes the connection once the answer is written: for refusals made before the
   * request's body is read, which must not be read after all (Vert.x would read it to its end to keep the connection).
   */
  static void sendAndClose(RoutingContext ctx, GatewayException failure) {
    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    HttpConnection connection = ctx.request().connection();
    send(ctx, failure).onComplete(written -> connection.close());
  }

  /** The router's failure handler: maps the status or exception a route failed with to the JSON error. */
  static void onFailure(RoutingContext ctx) {
    onError(ctx, ctx.statusCode());
  }

  /** The router's error handler for {@code status}, which Vert.x Web also uses when no route matched. */
  static void onError(RoutingContext ctx, int status) {
    Throwable cause = ctx.failure();
    if (cause instanceof GatewayException gateway) {
      send(ctx, gateway);
      return;
    }
    if (isConnectionLost(cause)) {
      // The client went away mid-request: nobody is left to answer, and it is not the gateway's failure.
      LOG.debug("request {} on {} {}: the connection closed before the request was read ({})",
          (Object) RequestIdHandler.of(ctx), ctx.request().method(), ctx.request().path(), cause.toString());
      if (!ctx.response().closed()) {
        send(ctx, GatewayException.invalid(null, "the connection closed before the request was read"));
      }
      return;
    }
    if (isUndecodable(cause)) {
      // The client's fault, not ours: no stack trace, and not above DEBUG, since any client can send these.
      LOG.debug("request {} on {} {} could not be decoded: {}", (Object) RequestIdHandler.of(ctx),
          ctx.request().method(), ctx.request().path(), cause.toString());
      send(ctx, GatewayException.invalid(null, "the request's HTTP framing could not be read"));
      return;
    }
    GatewayException failure = forStatus(status);
    if (failure.code() == FailureCode.INTERNAL_ERROR) {
      LOG.error("request {} failed on {} {}", (Object) RequestIdHandler.of(ctx), ctx.request().method(),
          ctx.request().path(), cause);
    }
    send(ctx, failure);
  }

  /**
   * A failure of Netty's HTTP decoder while it read the body. Vert.x hands it to the request's exception handler,
   * and Vert.x Web's {@code BodyHandler} on to the router: a {@link DecoderException} (unwrapped, with status 400),
   * or else the bare cause with status 200. Seen on Vert.x 5.0.7 / Netty 4.2.9: a bad chunk size
   * ({@code NumberFormatException: Invalid character in chunk size}, {@code Chunk size overflow: -1}) and a trailer
   * line without a colon ({@code IllegalArgumentException: No colon found}), both bare; a chunk-size line over 4096
   * bytes ({@code TooLongHttpLineException}), trailers over 8192 bytes ({@code TooLongHttpHeaderException}) and chunk
   * data not followed by CRLF ({@code InvalidChunkTerminationException}), all {@link DecoderException}s. A bare cause
   * counts only when Netty's codec threw it, so that a bug of ours throwing {@code NumberFormatException} is still
   * an internal error.
   */
  static boolean isUndecodable(Throwable cause) {
    if (cause instanceof DecoderException) {
      return true;
    }
    if (cause == null) {
      return false;
    }
    StackTraceElement[] frames = cause.getStackTrace();
    return frames.length > 0 && frames[0].getClassName().startsWith("io.netty.handler.codec.");
  }

  /**
   * The client closed or reset the connection before its request was read: Vert.x fails the request with
   * {@link HttpClosedException} (a cut-short body, then a close or half-close), or with the {@link IOException} of
   * the reset ({@code java.net.SocketException: Connection reset}).
   */
  static boolean isConnectionLost(Throwable cause) {
    return cause instanceof HttpClosedException || cause instanceof IOException;
  }

  private static GatewayException forStatus(int status) {
    return switch (status) {
      case 400 -> GatewayException.invalid(null, "the request could not be read");
      case 401 -> new GatewayException(FailureCode.UNAUTHORIZED, "a valid API key is required");
      case 404 -> new GatewayException(FailureCode.NOT_FOUND, "no such resource");
      case 405 -> new GatewayException(FailureCode.METHOD_NOT_ALLOWED, "method not allowed on this resource");
      case 413 -> new GatewayException(FailureCode.PAYLOAD_TOO_LARGE, "the body is larger than http.maxBodyBytes");
      case 415 -> new GatewayException(FailureCode.UNSUPPORTED_MEDIA_TYPE,
          "the body must be JSON, sent with Content-Type: application/json");
      default -> new GatewayException(FailureCode.INTERNAL_ERROR, "internal error");
    };
  }
}
