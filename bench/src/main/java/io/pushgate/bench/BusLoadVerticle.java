package io.pushgate.bench;

import io.pushgate.bus.Addresses;
import io.pushgate.bus.PushRequest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bench-only load for the event-bus API, deployed next to the gateway in the same Vert.x instance so that the bus
 * row is timed inside the gateway JVM with no HTTP in the path.
 *
 * <p>Serves {@code POST /bus} on 127.0.0.1 at the {@code controlPort} of its config, with the body
 * {@code {"messages":N,"batch":B,"inFlight":K,"seqStart":S}}: sends N messages (sequence numbers S, S+1, ...) to
 * {@link Addresses#PUSH} in batches of B, with K batches outstanding, and answers with the {@link Measurement} as
 * JSON. One run at a time: a second request while one runs gets 409. Everything runs on this verticle's event loop.
 */
final class BusLoadVerticle extends VerticleBase {

  /** Above the gateway's default 30 s deadline, as the README asks of event-bus callers. */
  static final long SEND_TIMEOUT_MS = 60_000;

  private static final Logger LOG = LoggerFactory.getLogger(BusLoadVerticle.class);

  private boolean running;

  @Override
  public Future<?> start() {
    int port = config().getInteger("controlPort");
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(this::handle)
        .listen();
  }

  private void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST || !"/bus".equals(request.path())) {
      request.response().setStatusCode(404).end();
      return;
    }
    request.body().onSuccess(body -> {
      if (running) {
        answer(request, 409, new JsonObject().put("error", "a run is already in progress"));
        return;
      }
      JsonObject params;
      try {
        params = body.toJsonObject();
        check(params);
      } catch (RuntimeException e) {
        answer(request, 400, new JsonObject().put("error", String.valueOf(e.getMessage())));
        return;
      }
      running = true;
      run(params.getLong("messages"), params.getInteger("batch"), params.getInteger("inFlight"),
          params.getLong("seqStart", 0L))
          .onComplete(result -> {
            running = false;
            if (result.succeeded()) {
              answer(request, 200, result.result().toJson());
            } else {
              LOG.warn("bus run failed", result.cause());
              answer(request, 500, new JsonObject().put("error", String.valueOf(result.cause())));
            }
          });
    });
  }

  private static void check(JsonObject params) {
    if (params.getLong("messages", 0L) < 1 || params.getInteger("batch", 0) < 1
        || params.getInteger("inFlight", 0) < 1) {
      throw new IllegalArgumentException("messages, batch and inFlight must be positive integers");
    }
  }

  private Future<Measurement> run(long messages, int batch, int inFlight, long seqStart) {
    LoadRecorder recorder = new LoadRecorder();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(SEND_TIMEOUT_MS);
    long calls = (messages + batch - 1) / batch;
    long startNanos = System.nanoTime();
    return ClosedLoop.run(calls, inFlight, call -> {
      long first = call * batch;
      int size = (int) Math.min(batch, messages - first);
      JsonObject body = batchBody(seqStart + first, size);
      long sentNanos = System.nanoTime();
      return vertx.eventBus().<JsonObject>request(Addresses.PUSH, body, options).onComplete(reply -> {
        recorder.request((System.nanoTime() - sentNanos) / 1_000);
        if (reply.succeeded()) {
          recordSummary(reply.result().body(), size, recorder);
        } else {
          recorder.errors(size);
        }
      });
    }).map(done -> recorder.measurement(messages, System.nanoTime() - startNanos));
  }

  private static JsonObject batchBody(long firstSeq, int size) {
    JsonArray messages = new JsonArray();
    for (int i = 0; i < size; i++) {
      messages.add(Messages.object(firstSeq + i));
    }
    return new JsonObject().put(PushRequest.FIELD_TARGET, PushRequest.DEFAULT_TARGET)
        .put(PushRequest.FIELD_MESSAGES, messages);
  }

  /** Records each result's latency and counts as errors the messages not delivered. */
  private static void recordSummary(JsonObject summary, int size, LoadRecorder recorder) {
    JsonArray results = summary.getJsonArray("results");
    for (int i = 0; i < results.size(); i++) {
      recorder.message(results.getJsonObject(i).getLong("latencyMs") * 1_000);
    }
    int total = summary.getInteger("total");
    int delivered = summary.getInteger("delivered");
    recorder.errors(total == size && results.size() == size ? size - delivered : size);
  }

  private static void answer(HttpServerRequest request, int status, JsonObject body) {
    Buffer json = body.toBuffer();
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
  }
}
