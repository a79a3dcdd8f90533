package io.pushgate.api;

import io.pushgate.observability.RequestContext;
import io.pushgate.observability.RequestIds;
import io.vertx.ext.web.RoutingContext;

/**
 * The first handler of every request: gives it its id before anything can fail, so that every answer and log line
 * carries it: the client's {@code X-Request-Id} when it is a usable id, else a new one ({@link RequestIds}). The id
 * is echoed in {@link RequestIds#HTTP_HEADER} and {@link RequestIds#ANSWER_HEADER}, kept on the routing context and
 * in the Vert.x context for the logs. One instance per API verticle.
 */
final class RequestIdHandler {

  private static final String KEY = "pushgate.requestId";

  private final RequestIds requestIds = new RequestIds();

  void handle(RoutingContext ctx) {
    String requestId = requestIds.resolve(ctx.request().getHeader(RequestIds.HTTP_HEADER));
    ctx.put(KEY, requestId);
    RequestContext.set(requestId);
    ctx.response().putHeader(RequestIds.ANSWER_HEADER, requestId).putHeader(RequestIds.HTTP_HEADER, requestId);
    ctx.next();
  }

  /** The id {@link #handle} gave the request. */
  static String of(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
