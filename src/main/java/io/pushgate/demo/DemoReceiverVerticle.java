package io.pushgate.demo;

import io.pushgate.config.DemoReceiverConfig;
import io.pushgate.config.StartupException;
import io.pushgate.observability.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * A built-in push target for trying the gateway out: answers every POST with
 * {@code 200 {"received":true,"messageId":"..."}} and anything else with 405. It keeps nothing and forwards
 * nothing. Config: the {@code demoReceiver} section; switch it off with {@code demoReceiver.enabled: false}.
 */
public final class DemoReceiverVerticle extends VerticleBase {

  private final DemoReceiverConfig config;
  private HttpServer server;

  public DemoReceiverVerticle(DemoReceiverConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer().requestHandler(request -> {
      if (request.method() != HttpMethod.POST) {
        request.response().setStatusCode(405).end();
        return;
      }
      request.body().onComplete(body -> request.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("received", true)
              .put("messageId", request.getHeader(RequestIds.MESSAGE_ID_HEADER)).toBuffer()));
    });
    return server.listen(config.port(), config.host()).recover(failure -> Future.failedFuture(
        StartupException.listenFailed("demoReceiver.port", config.host(), config.port(), failure,
            "; or switch the demo receiver off with PUSHGATE_DEMO_RECEIVER_ENABLED=false")));
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }

  /** The port the receiver listens on, once started. */
  public int actualPort() {
    return server.actualPort();
  }
}
