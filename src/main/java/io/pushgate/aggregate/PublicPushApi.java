package io.pushgate.aggregate;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.BatchResult;
import io.pushgate.bus.BusHeaders;
import io.pushgate.bus.Codecs;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.observability.RequestContext;
import io.pushgate.observability.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public event-bus API, {@link Addresses#PUSH}: what the HTTP API's routes are for HTTP, for verticles. Gives the
 * request its id (the {@link BusHeaders#REQUEST_ID} header when usable), parses the {@code POST /v1/push} JSON shape,
 * runs it, and replies with the JSON summary or fails with the refusal's code and JSON error. This is the boundary
 * that answers, so it logs and counts, once per request. Runs on its aggregator's event loop, with no extra bus hop.
 */
final class PublicPushApi {

  private static final Logger LOG = LoggerFactory.getLogger(PublicPushApi.class);

  private final RequestIds requestIds = new RequestIds();
  private final GatewayMetrics metrics;
  private final Function<PushRequest, Future<BatchResult>> run;

  /** @param run checks a request against the limits and runs it, failing with a {@link GatewayException} */
  PublicPushApi(GatewayMetrics metrics, Function<PushRequest, Future<BatchResult>> run) {
    this.metrics = metrics;
    this.run = run;
  }

  void handle(Message<Object> message) {
    String requestId = requestIds.resolve(message.headers().get(BusHeaders.REQUEST_ID));
    RequestContext.set(requestId);
    parse(message.body(), requestId).compose(run).onComplete(result -> {
      if (result.succeeded()) {
        BatchResult batch = result.result();
        LOG.info("{} target={} total={} delivered={} failed={} timedOut={} durationMs={}", Addresses.PUSH,
            batch.target(), batch.results().size(), batch.count(DeliveryStatus.DELIVERED),
            batch.count(DeliveryStatus.FAILED), batch.count(DeliveryStatus.TIMEOUT), batch.durationMs());
        // Built for this reply alone: the caller gets the instance, not Vert.x's deep copy of it.
        message.reply(batch.toJson(), Codecs.handedOver());
      } else {
        GatewayException refusal = GatewayException.from(result.cause());
        LOG.info("{} error={} {}", Addresses.PUSH, refusal.code().error(), refusal.getMessage());
        metrics.requestRefused(refusal.code());
        refusal.failReply(message);
      }
    });
  }

  private static Future<PushRequest> parse(Object body, String requestId) {
    if (!(body instanceof JsonObject json)) {
      return Future.failedFuture(GatewayException.invalid(null, "the message body must be a JSON object"));
    }
    try {
      return Future.succeededFuture(PushRequest.fromJson(json, requestId));
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      // A message that cannot be encoded to bytes (a value JSON has no form for) is the caller's mistake too.
      return Future.failedFuture(GatewayException.invalid("messages", "every message must be encodable as JSON"));
    }
  }
}
