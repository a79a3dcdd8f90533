package io.pushgate.api;

import io.pushgate.aggregate.RelayDispatch;
import io.pushgate.bus.Addresses;
import io.pushgate.bus.BatchResult;
import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.pushgate.bus.SendOutcome;
import io.pushgate.bus.TimeoutLadder;
import io.pushgate.config.PushConfig;
import io.pushgate.observability.Budget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The push routes: {@code POST /v1/push} (a batch, answered with the summary), handed to the aggregator, and
 * {@code POST /v1/push/:target} (one message, answered with the target's own status and body), handed straight to
 * a sender on a single node ({@link RelayDispatch}), to the aggregator as a batch of one on a cluster.
 */
final class PushRoutes {

  static final String ATTEMPTS_HEADER = "Pushgate-Attempts";
  /** On a relayed answer: the push provider said the message's device token or subscription is gone. */
  static final String TOKEN_INVALID_HEADER = "Pushgate-Token-Invalid";

  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final Vertx vertx;
  private final PushConfig push;
  private final Budget answers;
  private final long answerWriteTimeoutMs;
  private final RelayDispatch relays;

  /** @param relays the relay route's way to a sender, or {@code null} on a cluster: through the aggregator */
  PushRoutes(Vertx vertx, PushConfig push, Budget answers, long answerWriteTimeoutMs, RelayDispatch relays) {
    this.vertx = vertx;
    this.push = push;
    this.answers = answers;
    this.answerWriteTimeoutMs = answerWriteTimeoutMs;
    this.relays = relays;
  }

  void batch(RoutingContext ctx) {
    PushRequest request = PushBodyParser.batch(BodyReader.of(ctx), RequestIdHandler.of(ctx), push.maxBatch());
    aggregate(request).onComplete(result -> {
      if (result.succeeded()) {
        BatchResult batch = result.result();
        ctx.put(AccessLog.SUMMARY_KEY, summary(batch));
        json(ctx, 200);
        StreamingAnswer.write(vertx, ctx, batch, answers, answerWriteTimeoutMs);
      } else {
        ErrorResponses.send(ctx, GatewayException.from(result.cause()));
      }
    });
  }

  void relay(RoutingContext ctx) {
    String requestId = RequestIdHandler.of(ctx);
    PushRequest request = new PushRequest(requestId, ctx.pathParam("target"),
        List.of(PushBodyParser.single(BodyReader.of(ctx))), PushRequest.NO_TIMEOUT);
    // On a cluster, a batch of one through the aggregator, which spreads relays over every live member's senders.
    Future<SendOutcome> sent = relays != null ? relays.send(request)
        : aggregate(request).map(batch -> batch.results().get(0));
    sent.onComplete(result -> {
      if (result.succeeded()) {
        SendOutcome outcome = result.result();
        ctx.put(AccessLog.SUMMARY_KEY, summary(request.target(), 1, count(outcome, DeliveryStatus.DELIVERED),
            count(outcome, DeliveryStatus.FAILED), count(outcome, DeliveryStatus.TIMEOUT)));
        relayOutcome(ctx, outcome);
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
        .setSendTimeout(TimeoutLadder.apiWaitMs(push.deadlineMs(request.timeoutMs())))
        // The aggregator on this node answers: a request never crosses the cluster.
        .setLocalOnly(true)
        .addHeader(BusHeaders.REQUEST_ID, request.requestId());
    return vertx.eventBus().<BatchResult>request(Addresses.AGGREGATE_BATCH, request, options).map(Message::body);
  }

  /**
   * Answers as the target did; when it never answered, 502 (could not reach it, or its answer was not HTTP) or 504
   * (no answer in time); when the target's kind refused the message before sending it, 400 or 413.
   */
  private static void relayOutcome(RoutingContext ctx, SendOutcome outcome) {
    ctx.response().putHeader(ATTEMPTS_HEADER, Integer.toString(outcome.attempts()));
    if (outcome.tokenInvalid()) {
      ctx.response().putHeader(TOKEN_INVALID_HEADER, "true");
    }
    if (outcome.response() != null) {
      HttpServerResponse response = ctx.response().setStatusCode(outcome.httpStatus())
          .putHeader(HttpHeaders.CONTENT_TYPE, outcome.responseJson() ? JSON : TEXT);
      response.end(outcome.response());
      return;
    }
    FailureCode code = switch (outcome.error()) {
      case CONNECTION_FAILED -> FailureCode.UPSTREAM_UNREACHABLE;
      case INVALID_RESPONSE -> FailureCode.UPSTREAM_INVALID;
      case TIMEOUT, DEADLINE_EXCEEDED -> FailureCode.UPSTREAM_TIMEOUT;
      case CIRCUIT_OPEN, UNAVAILABLE -> FailureCode.UNAVAILABLE;
      // The target's kind refused the message itself: the caller's to fix.
      case INVALID_MESSAGE, ENDPOINT_NOT_ALLOWED -> FailureCode.INVALID_REQUEST;
      case PAYLOAD_TOO_LARGE -> FailureCode.PAYLOAD_TOO_LARGE;
    };
    String detail = outcome.detail() == null ? "" : ": " + outcome.detail();
    boolean refused = code == FailureCode.INVALID_REQUEST || code == FailureCode.PAYLOAD_TOO_LARGE;
    ErrorResponses.send(ctx, new GatewayException(code, refused ? "not sent" + detail
        : "no answer from the target after " + outcome.attempts() + " attempt(s)" + detail));
  }

  private static HttpServerResponse json(RoutingContext ctx, int status) {
    return ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
  }

  private static String summary(BatchResult batch) {
    return summary(batch.target(), batch.results().size(), batch.count(DeliveryStatus.DELIVERED),
        batch.count(DeliveryStatus.FAILED), batch.count(DeliveryStatus.TIMEOUT));
  }

  private static String summary(String target, int total, long delivered, long failed, long timedOut) {
    return "target=" + target + " total=" + total + " delivered=" + delivered + " failed=" + failed
        + " timedOut=" + timedOut;
  }

  private static int count(SendOutcome outcome, DeliveryStatus status) {
    return outcome.status() == status ? 1 : 0;
  }
}
