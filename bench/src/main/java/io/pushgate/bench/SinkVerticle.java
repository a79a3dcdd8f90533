package io.pushgate.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The push target of the benchmark: answers every {@code POST} with {@code 200 {"ok":true}} once its body has
 * arrived (after a set delay, for a slow target), and counts it; {@code GET /stats} answers {@code {"received":N}}. Deploy one instance per event loop on
 * the same port; the instances share one counter so that the load generator can check that every message arrived
 * exactly once.
 */
final class SinkVerticle extends VerticleBase {

  private static final String OK_BODY = "{\"ok\":true}";
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private final AtomicLong received;
  private final int port;
  private final long delayMs;

  SinkVerticle(AtomicLong received, int port, long delayMs) {
    this.received = received;
    this.port = port;
    this.delayMs = delayMs;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
        .requestHandler(this::handle)
        .listen();
  }

  private static void answer(HttpServerRequest request) {
    request.response().putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(OK_BODY);
  }

  private void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.POST) {
      // Count only once the whole body is in, as a real target would before acknowledging it.
      request.end().onComplete(read -> {
        received.incrementAndGet();
        if (delayMs > 0) {
          vertx.setTimer(delayMs, id -> answer(request));
        } else {
          answer(request);
        }
      });
    } else if (request.method() == HttpMethod.GET && "/stats".equals(request.path())) {
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
          .end(new JsonObject().put("received", received.get()).encode());
    } else {
      request.response().setStatusCode(405).end();
    }
  }
}
