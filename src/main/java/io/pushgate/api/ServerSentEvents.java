package io.pushgate.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * What every Server-Sent Events stream of the API shares: its headers, the shape of an event, the keep-alive comment
 * that keeps proxies from closing a quiet stream, and how a reconnecting client says where it was.
 */
final class ServerSentEvents {

  /** How often a quiet stream gets a comment line, in milliseconds. */
  static final long COMMENT_MS = 15_000;
  static final String KEEP_ALIVE = ": keep-alive\n\n";

  private ServerSentEvents() {
  }

  /** Starts the response as an event stream: {@code 200}, chunked, {@code text/event-stream}, never cached. */
  static void start(HttpServerResponse response) {
    response.setStatusCode(200).setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
  }

  /** One event; {@code data} must be one line (compact JSON is). */
  static String event(long id, String name, String data) {
    return "id: " + id + "\nevent: " + name + "\ndata: " + data + "\n\n";
  }

  /** The {@code Last-Event-ID} a reconnecting client sends; 0 when none or not a count. */
  static long lastEventId(RoutingContext ctx) {
    String header = ctx.request().getHeader("Last-Event-ID");
    try {
      return header == null ? 0 : Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
