package io.pushgate.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;

/**
 * One sender of the {@code direct} rows and the direct sweep: POSTs messages straight to a sink, one per request,
 * with its own {@link WebClient} (keep-alive, TCP_NODELAY, {@code poolSize} pooled connections, wait queue 1024) and
 * {@code inFlight} requests outstanding, no pipelining: with fewer connections than requests in flight, the rest
 * wait in the pool's queue for a free connection. {@link DirectFanOut} deploys a set of them.
 */
final class DirectSenderVerticle extends VerticleBase {

  private static final String APPLICATION_JSON = "application/json";

  /** Idle pooled connections stay open this long: the sweep's idle sets keep theirs between rounds. */
  private static final int KEEP_ALIVE_SECONDS = 600;

  private final int sinkPort;
  private final int poolSize;
  private final int inFlight;
  private WebClient client;

  DirectSenderVerticle(int sinkPort, int poolSize, int inFlight) {
    this.sinkPort = sinkPort;
    this.poolSize = poolSize;
    this.inFlight = inFlight;
  }

  @Override
  public Future<?> start() {
    client = WebClient.wrap(vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(KEEP_ALIVE_SECONDS).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(poolSize).setMaxWaitQueueSize(1024)));
    return Future.succeededFuture();
  }

  /**
   * Sends {@code messages} messages, sequence numbers from {@code firstSeq}, on this verticle's event loop.
   * Callable from any thread.
   *
   * @return per-message latencies and errors (a failed call or a non-2xx answer), once the last answer is in
   */
  Future<LoadRecorder> run(long messages, long firstSeq) {
    Promise<LoadRecorder> done = Promise.promise();
    context.runOnContext(start -> {
      LoadRecorder recorder = new LoadRecorder();
      ClosedLoop.run(messages, inFlight, i -> {
        long sentNanos = System.nanoTime();
        return client.post(sinkPort, "127.0.0.1", "/push")
            .timeout(GatewayLoadVerticle.CALL_TIMEOUT_MS)
            .putHeader(HttpHeaders.CONTENT_TYPE.toString(), APPLICATION_JSON)
            .sendBuffer(Messages.buffer(firstSeq + i))
            .onComplete(response -> {
              if (response.succeeded() && response.result().statusCode() / 100 == 2) {
                recorder.message((System.nanoTime() - sentNanos) / 1_000);
              } else {
                recorder.errors(1);
              }
            });
      }).onComplete(finished -> done.complete(recorder));
    });
    return done.future();
  }
}
