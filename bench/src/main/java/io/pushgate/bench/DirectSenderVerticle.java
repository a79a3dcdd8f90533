package io.pushgate.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;

/**
 * One sender of the {@code direct} row: POSTs messages straight to the sink, one per request, with its own
 * {@link WebClient} set up like a gateway sender's (keep-alive, TCP_NODELAY, {@code connections} pooled connections,
 * wait queue 1024) and {@code connections} requests in flight, no pipelining. Deploy as many as the gateway has
 * senders, so that the row shows what the same fan-out costs without the gateway.
 */
final class DirectSenderVerticle extends VerticleBase {

  private static final String APPLICATION_JSON = "application/json";

  private final int sinkPort;
  private final int connections;
  private WebClient client;

  DirectSenderVerticle(int sinkPort, int connections) {
    this.sinkPort = sinkPort;
    this.connections = connections;
  }

  @Override
  public Future<?> start() {
    client = WebClient.wrap(vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(1024)));
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
      ClosedLoop.run(messages, connections, i -> {
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
