package io.pushgate.api;

import io.pushgate.bus.GatewayException;
import io.pushgate.observability.GatewayMetrics;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per API request ({@code /v1/...}; probes and scrapes are left out), when its answer is written:
 * method, path, status, what happened (the batch counts or the error code) and duration; the request id comes with
 * every line through {@code %requestId}. Also counts refusals in the metrics, so that each failure is logged and
 * counted once, at the boundary that answered it. A request whose connection closed before its answer was written
 * has status {@code -} and {@code error=client_closed} (or why the gateway closed it), and is counted in
 * {@code pushgate_requests_closed_total}, not as a refusal: a client going away is not the gateway's failure.
 */
final class AccessLog {

  /** Routes put a one-line summary of what they did here. */
  static final String SUMMARY_KEY = "pushgate.summary";
  /** {@link ErrorResponses} puts the refusal it answered with here. */
  static final String ERROR_KEY = "pushgate.error";
  /** Why the gateway closed a request's connection before its answer was written, when it did. */
  static final String CLOSED_KEY = "pushgate.closed";
  static final String CLIENT_CLOSED = "client_closed";

  private static final String API_PREFIX = "/v1/";
  private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);

  private final GatewayMetrics metrics;

  AccessLog(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  void handle(RoutingContext ctx) {
    // Path-less rather than mounted on /v1/*: a mounted route would show in the route label of Vert.x's metrics.
    if (RequestPaths.of(ctx).startsWith(API_PREFIX)) {
      long startNanos = System.nanoTime();
      ctx.addEndHandler(ended -> {
        if (ended.succeeded()) {
          done(ctx, startNanos);
        } else {
          closed(ctx, startNanos);
        }
      });
    }
    ctx.next();
  }

  private void done(RoutingContext ctx, long startNanos) {
    GatewayException error = ctx.get(ERROR_KEY);
    if (error != null) {
      metrics.requestRefused(error.code());
    }
    String outcome = error != null ? "error=" + error.code().error() : ctx.get(SUMMARY_KEY, "");
    LOG.info("{} {} {} {} durationMs={}", ctx.request().method(), ctx.request().path(),
        ctx.response().getStatusCode(), outcome, (System.nanoTime() - startNanos) / 1_000_000);
  }

  private void closed(RoutingContext ctx, long startNanos) {
    String reason = ctx.get(CLOSED_KEY, CLIENT_CLOSED);
    metrics.requestClosed(reason);
    LOG.info("{} {} - error={} durationMs={}", ctx.request().method(), ctx.request().path(), reason,
        (System.nanoTime() - startNanos) / 1_000_000);
  }
}
