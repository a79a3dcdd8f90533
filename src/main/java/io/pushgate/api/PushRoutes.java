package io.pushgate.api;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.BatchResult;
import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.pushgate.bus.SendOutcome;
import io.pushgate.config.PushConfig;
import io.pushgate.observability.RequestContext;
import io.pushgate.observability.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The push routes: {@code POST /v1/push} (a batch, answered with the summary) and {@code POST /v1/push/:target}
 * (one message, answered with the target's own status and body). Both hand the work to the aggregator.
 */
final class PushRoutes {

  static final String ATTEMPTS_HEADER = "Pushgate-Attempts";
  /** How long after the request's deadline the API still waits for the aggregator, which answers by then. */
  static final long API_GRACE_MS = 3000;

  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final Vertx vertx;
  private final PushConfig push;
  private final RequestIds requestIds = new RequestIds();

  PushRoutes(Vertx vertx, PushConfig push) {
    this.vertx = vertx;
    this.push = push;
  }

  /**
   * Gives the request its id before anything can fail, so that every answer and log line carries it: the client's
   * {@code X-Request-Id} when it is a usable id, else a new one.
   */
  void assignRequestId(RoutingContext ctx) {
    String given = ctx.request().getHeader(ErrorResponses.CLIENT_REQUEST_ID_HEADER);
    String requestId = RequestIds.acceptable(given) ? given : requestIds.next();
    ctx.put(ErrorResponses.REQUEST_ID_KEY, requestId);
    RequestContext.set(requestId);
    ctx.response().putHeader(ErrorResponses.REQUEST_ID_HEADER, requestId)
        .putHeader(ErrorResponses.CLIENT_REQUEST_ID_HEADER, requestId);
    ctx.next();
  }

  void batch(RoutingContext ctx) {
    PushRequest request = PushBodyParser.batch(body(ctx), ctx.get(ErrorResponses.REQUEST_ID_KEY), push.maxBatch());
    aggregate(request).onComplete(result -> {
      if (result.succeeded()) {
        BatchResult batch = result.result();
        ctx.put(AccessLog.SUMMARY_KEY, summary(batch));
        json(ctx, 200).end(batch.toBuffer());
      } else {
        ErrorResponses.send(ctx, GatewayException.from(result.cause()));
      }
    });
  }

  void relay(RoutingContext ctx) {
    String requestId = ctx.get(ErrorResponses.REQUEST_ID_KEY);
    PushRequest request = new PushRequest(requestId, ctx.pathParam("target"),
        List.of(PushBodyParser.single(body(ctx))), PushRequest.NO_TIMEOUT);
    aggregate(request).onComplete(result -> {
      if (result.succeeded()) {
        ctx.put(AccessLog.SUMMARY_KEY, summary(result.result()));
        relayOutcome(ctx, result.result().results().get(0));
        return;
      }
      GatewayException failure = GatewayException.from(result.cause());
      if (failure.code() == FailureCode.UNKNOWN_TARGET) {
        failure = new GatewayException(FailureCode.NOT_FOUND, failure.getMessage(), failure.field());
      }
      ErrorResponses.send(ctx, failure);
    });
  }

  private Future<BatchResult> aggregate(PushRequest request) {
    DeliveryOptions options = new DeliveryOptions()
        .setSendTimeout(push.deadlineMs(request.timeoutMs()) + API_GRACE_MS)
        .addHeader(BusHeaders.REQUEST_ID, request.requestId());
    return vertx.eventBus().<BatchResult>request(Addresses.AGGREGATE_BATCH, request, options).map(Message::body);
  }

  /** Answers as the target did; when it never answered, 502 (could not reach it) or 504 (no answer in time). */
  private static void relayOutcome(RoutingContext ctx, SendOutcome outcome) {
    ctx.response().putHeader(ATTEMPTS_HEADER, Integer.toString(outcome.attempts()));
    if (outcome.response() != null) {
      HttpServerResponse response = ctx.response().setStatusCode(outcome.httpStatus())
          .putHeader(HttpHeaders.CONTENT_TYPE, outcome.responseJson() ? JSON : TEXT);
      response.end(outcome.response());
      return;
    }
    FailureCode code = switch (outcome.error()) {
      case SendOutcome.ERROR_CONNECTION -> FailureCode.UPSTREAM_UNREACHABLE;
      case SendOutcome.ERROR_TIMEOUT, SendOutcome.ERROR_DEADLINE -> FailureCode.UPSTREAM_TIMEOUT;
      default -> FailureCode.UNAVAILABLE;
    };
    String detail = outcome.detail() == null ? "" : ": " + outcome.detail();
    ErrorResponses.send(ctx, new GatewayException(code,
        "no answer from the target after " + outcome.attempts() + " attempt(s)" + detail));
  }

  /** The request body; Vert.x Web gives {@code null} for an empty one. */
  private static Buffer body(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    return body == null ? Buffer.buffer() : body;
  }

  private static HttpServerResponse json(RoutingContext ctx, int status) {
    return ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
  }

  private static String summary(BatchResult batch) {
    return "target=" + batch.target() + " total=" + batch.results().size()
        + " delivered=" + batch.count(DeliveryStatus.DELIVERED) + " failed=" + batch.count(DeliveryStatus.FAILED)
        + " timedOut=" + batch.count(DeliveryStatus.TIMEOUT);
  }
}
