package io.pushgate.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The job rows' HTTP client: submits a job with a streamed body ({@link JobBodyStream}) and reads a job's status.
 * Every call is bounded: a submission by its own deadline (the request is reset when it passes), every call by an
 * idle timeout. Calls are started from any thread and run on this verticle's event loop.
 */
final class JobClientVerticle extends VerticleBase {

  /** A submission's answer and its times. */
  record Answer(int status, Buffer body, long firstByteNanos, long answeredNanos) {

    long elapsedNanos() {
      return answeredNanos - firstByteNanos;
    }
  }

  private static final String HOST = "127.0.0.1";
  /** Longer than the gateway may take to commit the last batch of a body after its last byte. */
  private static final long IDLE_TIMEOUT_MS = 120_000;
  private static final long STATUS_TIMEOUT_MS = 10_000;

  private HttpClient client;

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(2));
    return Future.succeededFuture();
  }

  /**
   * {@code POST /v1/jobs} on {@code port} with a body of {@code count} messages from {@code firstSeq} on. Its time runs
   * from just before the request is opened (the first byte) to the last byte of the answer.
   */
  Future<Answer> submit(int port, JobFormat format, long firstSeq, long count, long timeoutMs) {
    return onContext(() -> {
      long start = System.nanoTime();
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(HOST).setPort(port)
          .setURI(format.uri).setIdleTimeout(IDLE_TIMEOUT_MS)
          .putHeader(HttpHeaders.CONTENT_TYPE, format.contentType)
          .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(format.contentLength(count)));
      return client.request(options).compose(request -> {
        long timer = vertx.setTimer(timeoutMs, fired -> request.reset(0,
            new TimeoutException("no answer to POST /v1/jobs within " + timeoutMs + " ms")));
        JobBodyStream.start(request, format, firstSeq, count);
        return request.response()
            .compose(response -> response.body()
                .map(body -> new Answer(response.statusCode(), body, start, System.nanoTime())))
            .onComplete(done -> vertx.cancelTimer(timer));
      });
    });
  }

  /** {@code GET <path>} on {@code port}: the answer's status and body. */
  Future<Answer> get(int port, String path) {
    return onContext(() -> {
      long start = System.nanoTime();
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(HOST).setPort(port)
          .setURI(path).setIdleTimeout(STATUS_TIMEOUT_MS);
      return client.request(options)
          .compose(request -> request.send())
          .compose(response -> response.body()
              .map(body -> new Answer(response.statusCode(), body, start, System.nanoTime())));
    });
  }

  /** Runs {@code work} on this verticle's event loop, so that its client stays confined there. */
  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(start -> work.get().onComplete(result));
    return result.future();
  }
}
