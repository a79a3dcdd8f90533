package io.pushgate.api;

import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code http.requestReadTimeoutMs}: a new connection must send a whole request head within it, else it is closed
 * (there is no request to answer yet); and a request its whole body within it from its head, else it gets
 * {@code 408 request_timeout} (unless something was answered already) and its connection is closed. A client that sends half a head, or drips its body a byte at a time, holds a connection
 * no longer than that. The head of a later request on a kept-alive connection is bounded by {@code http.idleTimeoutMs}
 * and the head size limits instead: it cannot be told apart from an idle connection without reading bytes Vert.x
 * does not show. One per API verticle; its connections and requests all run on the verticle's event loop, so the map
 * needs no lock.
 */
final class ReadTimeouts {

  private static final String BODY_TIMER_KEY = "pushgate.bodyTimer";

  private final Vertx vertx;
  private final long timeoutMs;
  private final Map<HttpConnection, Long> headTimers = new HashMap<>();

  ReadTimeouts(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  /** A connection opened: its first request's head must come in time. */
  void connected(HttpConnection connection) {
    headTimers.put(connection, vertx.setTimer(timeoutMs, id -> {
      headTimers.remove(connection);
      connection.close();
    }));
  }

  void closed(HttpConnection connection) {
    Long timer = headTimers.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  /** The router's first handler: the head is in; now the body must come in time. */
  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    closed(request.connection());
    if (!request.isEnded()) {
      long timer = vertx.setTimer(timeoutMs, id -> cutOff(ctx));
      ctx.put(BODY_TIMER_KEY, timer);
      ctx.addEndHandler(ended -> {
        // Answered before its body was read (a refusal): the body must still end in time, or the connection goes.
        if (request.isEnded()) {
          vertx.cancelTimer(timer);
        }
      });
    }
    ctx.next();
  }

  /**
   * A route that reads an unbounded body as it arrives (a job) takes the timing over: the whole body no longer has to
   * arrive within the timeout from its head, and the route times the gaps between its chunks itself.
   */
  static void takeOver(RoutingContext ctx) {
    Long timer = ctx.get(BODY_TIMER_KEY);
    if (timer != null) {
      ctx.vertx().cancelTimer(timer);
    }
  }

  private static void cutOff(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded()) {
      return;
    }
    if (ctx.response().headWritten() || ctx.response().closed()) {
      request.connection().close();
    } else {
      ErrorResponses.sendAndClose(ctx, new GatewayException(FailureCode.REQUEST_TIMEOUT,
          "the request did not arrive within http.requestReadTimeoutMs"));
    }
  }
}
