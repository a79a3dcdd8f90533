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
 * arrived, and counts it; {@code GET /stats} answers {@code {"received":N}}. Deploy one instance per event loop on
 * the same port; the instances share one counter so that the load generator can check that every message arrived
 * exactly once.
 */
final class SinkVerticle extends VerticleBase {

  private static final String OK_BODY = "{\"ok\":true}";
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private final AtomicLong received;
  private final int port;

  SinkVerticle(AtomicLong received, int port) {
    this.received = received;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
        .requestHandler(this::handle)
        .listen();
  }

  private void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.POST) {
      // Count only once the whole body is in, as a real target would before acknowledging it.
      request.end().onComplete(read -> {
        received.incrementAndGet();
        request.response().putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(OK_BODY);
      });
    } else if (request.method() == HttpMethod.GET && "/stats".equals(request.path())) {
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
          .end(new JsonObject().put("received", received.get()).encode());
    } else {
      request.response().setStatusCode(405).end();
    }
  }
}
