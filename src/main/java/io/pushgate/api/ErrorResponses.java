package io.pushgate.api;

import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
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

  /** Answers with {@code failure}; the request-id headers were set when the request came in. */
  static void send(RoutingContext ctx, GatewayException failure) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    ctx.put(AccessLog.ERROR_KEY, failure);
    if (failure.code() == FailureCode.OVERLOADED || failure.code() == FailureCode.DRAINING) {
      response.putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    response.setStatusCode(failure.code().httpStatus())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(failure.toJson().put("requestId", RequestIdHandler.of(ctx)).toBuffer());
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
    GatewayException failure = forStatus(status);
    if (failure.code() == FailureCode.INTERNAL_ERROR) {
      LOG.error("request {} failed on {} {}", (Object) RequestIdHandler.of(ctx), ctx.request().method(),
          ctx.request().path(), cause);
    }
    send(ctx, failure);
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
