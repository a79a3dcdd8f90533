package io.pushgate.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;

/**
 * One instance of the proxy row's reverse proxy: a plain vertx-http-proxy {@link HttpProxy} with its own client of
 * {@code poolSize} keep-alive connections to the sink (wait queue bounded), served on 127.0.0.1:{@code port}. Deploy
 * one per event loop; the instances share the port.
 */
final class ProxyVerticle extends VerticleBase {

  private static final String HOST = "127.0.0.1";
  private static final int WAIT_QUEUE = 1024;

  private final int port;
  private final int targetPort;
  private final int poolSize;
  private HttpClient client;

  ProxyVerticle(int port, int targetPort, int poolSize) {
    this.port = port;
    this.targetPort = targetPort;
    this.poolSize = poolSize;
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(poolSize).setMaxWaitQueueSize(WAIT_QUEUE));
    HttpProxy proxy = HttpProxy.reverseProxy(client).origin(targetPort, HOST);
    return vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(port).setTcpNoDelay(true))
        .requestHandler(proxy)
        .listen();
  }

  @Override
  public Future<?> stop() {
    return client.close();
  }
}
