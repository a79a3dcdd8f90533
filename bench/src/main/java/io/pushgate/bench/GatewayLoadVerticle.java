package io.pushgate.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Drives the gateway rows from the load generator: batches to {@code POST /v1/push} (of the gateway or of a
 * clustered node), single messages to
 * {@code POST /v1/push/default} (or through the proxy row's reverse proxy), and the bus row through the bench gateway's control port. One {@link WebClient}
 * whose pool holds at least as many connections as any row keeps in flight, so no call waits for a connection.
 * Runs are started from any thread and execute on this verticle's event loop.
 */
final class GatewayLoadVerticle extends VerticleBase {

  /** Longer than any bus run may take; the control server sends nothing until the run is over. */
  static final long BUS_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(10);

  /** Above the gateway's default deadline (30 s) plus its grace, so a call times out only if the gateway hangs. */
  static final long CALL_TIMEOUT_MS = 60_000;

  private static final String APPLICATION_JSON = "application/json";
  private static final String HOST = "127.0.0.1";
  private static final Buffer BATCH_PREFIX = Buffer.buffer("{\"messages\":[");
  private static final Buffer BATCH_SUFFIX = Buffer.buffer("]}");

  private final int controlPort;
  private final int poolSize;
  private WebClient client;

  GatewayLoadVerticle(int controlPort, int poolSize) {
    this.controlPort = controlPort;
    this.poolSize = poolSize;
  }

  @Override
  public Future<?> start() {
    client = WebClient.wrap(vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(poolSize)));
    return Future.succeededFuture();
  }

  /**
   * Pushes {@code messages} messages in batches of {@code batchSize} to {@code POST /v1/push} on {@code port},
   * {@code inFlight} at a time. A batch counts as delivered only when it answers 200 with
   * {@code delivered == total == batch size}.
   */
  Future<Measurement> batches(int port, long messages, int batchSize, int inFlight, long firstSeq) {
    return onContext(() -> {
      LoadRecorder recorder = new LoadRecorder();
      long calls = (messages + batchSize - 1) / batchSize;
      long startNanos = System.nanoTime();
      return ClosedLoop.run(calls, inFlight, call -> {
        long first = call * batchSize;
        int size = (int) Math.min(batchSize, messages - first);
        Buffer body = Buffer.buffer(BATCH_PREFIX.length() + size * (Messages.SIZE_BYTES + 1) + BATCH_SUFFIX.length())
            .appendBuffer(BATCH_PREFIX);
        Messages.appendArrayElements(body, firstSeq + first, size).appendBuffer(BATCH_SUFFIX);
        long sentNanos = System.nanoTime();
        return post(port, "/v1/push", body).onComplete(response -> {
          recorder.request((System.nanoTime() - sentNanos) / 1_000);
          recorder.errors(response.succeeded() ? undelivered(response.result(), size, recorder) : size);
        });
      }).map(done -> recorder.measurement(messages, System.nanoTime() - startNanos));
    });
  }

  /**
   * Relays {@code messages} messages one per call to {@code POST path} on {@code port}, {@code inFlight} at a time:
   * the gateway's {@code /v1/push/default}, or the proxy row's reverse proxy. A call counts as delivered when it
   * answers 200.
   */
  Future<Measurement> relay(int port, String path, long messages, int inFlight, long firstSeq) {
    return onContext(() -> {
      LoadRecorder recorder = new LoadRecorder();
      long startNanos = System.nanoTime();
      return ClosedLoop.run(messages, inFlight, call -> {
        long sentNanos = System.nanoTime();
        return post(port, path, Messages.buffer(firstSeq + call)).onComplete(response -> {
          long micros = (System.nanoTime() - sentNanos) / 1_000;
          // A relayed call is one message: its latency is both the request's and the message's.
          recorder.request(micros);
          recorder.message(micros);
          if (response.failed() || response.result().statusCode() != 200) {
            recorder.errors(1);
          }
        });
      }).map(done -> recorder.measurement(messages, System.nanoTime() - startNanos));
    });
  }

  /** Runs the bus row inside the gateway JVM through {@link BusLoadVerticle} and returns its measurement. */
  Future<Measurement> bus(long messages, int batchSize, int inFlight, long firstSeq) {
    JsonObject params = new JsonObject().put("messages", messages).put("batch", batchSize)
        .put("inFlight", inFlight).put("seqStart", firstSeq);
    return onContext(() -> client.post(controlPort, HOST, "/bus")
        .timeout(BUS_TIMEOUT_MS)
        .sendJsonObject(params)
        .map(response -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("bus run answered " + response.statusCode() + ": "
                + response.bodyAsString());
          }
          return Measurement.fromJson(response.bodyAsJsonObject());
        }));
  }

  private Future<HttpResponse<Buffer>> post(int port, String path, Buffer body) {
    return client.post(port, HOST, path)
        .timeout(CALL_TIMEOUT_MS)
        .putHeader(HttpHeaders.CONTENT_TYPE.toString(), APPLICATION_JSON)
        .sendBuffer(body);
  }

  /** The messages of a batch that the answer does not show as delivered; records the per-message latencies. */
  private static long undelivered(HttpResponse<Buffer> response, int size, LoadRecorder recorder) {
    if (response.statusCode() != 200 || response.body() == null) {
      return size;
    }
    try {
      BatchResponseParser.Summary summary = BatchResponseParser.parse(response.body(), recorder);
      boolean complete = summary.total() == size && summary.latencies() == size;
      return complete ? size - summary.delivered() : size;
    } catch (IOException e) {
      return size;
    }
  }

  /** Runs {@code work} on this verticle's event loop, so that its client and recorder stay confined there. */
  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(start -> work.get().onComplete(result));
    return result.future();
  }
}
