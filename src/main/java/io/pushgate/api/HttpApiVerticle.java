package io.pushgate.api;

import io.pushgate.config.ConfigSchema;
import io.pushgate.config.HttpConfig;
import io.pushgate.config.PushConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The HTTP API: parses and checks push requests, gives each a request id, hands it to the aggregator over the event
 * bus and turns the answer, or the refusal, into HTTP. No delivery logic. Deploy about one instance per event loop;
 * the instances share the port.
 *
 * <p>Routes: {@code POST /v1/push} and {@code POST /v1/push/:target}, both {@code application/json}. Every error
 * is JSON, written by {@link ErrorResponses}. Bodies over {@code http.maxBodyBytes} are refused from their
 * {@code Content-Length}, before they are read. Config: the {@code http} and {@code push} sections.
 */
public final class HttpApiVerticle extends VerticleBase {

  private HttpServer server;

  @Override
  public Future<?> start() {
    HttpConfig http = HttpConfig.fromJson(config().getJsonObject(ConfigSchema.HTTP));
    PushRoutes routes = new PushRoutes(vertx, PushConfig.fromJson(config().getJsonObject(ConfigSchema.PUSH)));
    Router router = Router.router(vertx);
    router.route().handler(routes::assignRequestId);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(http.maxBodyBytes());
    router.post("/v1/push").consumes("application/json").handler(body).handler(routes::batch);
    router.post("/v1/push/:target").consumes("application/json").handler(body).handler(routes::relay);
    router.route().failureHandler(ErrorResponses::onFailure);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ErrorResponses::onFailure);
    }
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(http.host())
        // Port 0 becomes -1, Vert.x's shared random port, so that every instance serves the same free port.
        .setPort(http.port() == 0 ? -1 : http.port())
        .setTcpNoDelay(true)
        .setCompressionSupported(false));
    return server.requestHandler(router).listen();
  }

  /** The port the server listens on, once started (useful when {@code http.port} is 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
