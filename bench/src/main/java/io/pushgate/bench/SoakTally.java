package io.pushgate.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the soak run sent and what came back, batch by batch. Answers arrive on several event loops: every count is
 * atomic.
 */
final class SoakTally {

  private final int batch;
  private final long startNanos = System.nanoTime();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong other = new AtomicLong();
  private final Map<Integer, AtomicLong> otherStatuses = new ConcurrentHashMap<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();
  private final AtomicLong unaccounted = new AtomicLong();
  private final Promise<Void> done = Promise.promise();
  private volatile boolean stopped;

  SoakTally(int batch) {
    this.batch = batch;
  }

  /** Counts a request about to go out; returns the sequence number of its first message. */
  long reserve() {
    return sent.getAndIncrement() * batch;
  }

  /** Takes one answer: {@code null} when the request itself failed. */
  void answered(HttpResponse<Buffer> response) {
    if (response == null) {
      other.incrementAndGet();
      unaccounted.addAndGet(batch);
    } else if (response.statusCode() == 429) {
      refused.incrementAndGet();
    } else if (response.statusCode() == 200) {
      account(response.bodyAsJsonObject());
    } else {
      other.incrementAndGet();
      otherStatuses.computeIfAbsent(response.statusCode(), code -> new AtomicLong()).incrementAndGet();
    }
    if (answered.incrementAndGet() == sent.get() && stopped) {
      done.tryComplete();
    }
  }

  private void account(io.vertx.core.json.JsonObject summary) {
    accepted.addAndGet(batch);
    long counted = summary.getLong("delivered") + summary.getLong("failed") + summary.getLong("timedOut");
    if (summary.getJsonArray("results").size() != batch || counted != batch) {
      unaccounted.addAndGet(batch - Math.min(batch, counted));
    }
    delivered.addAndGet(summary.getLong("delivered"));
    failed.addAndGet(summary.getLong("failed"));
    timedOut.addAndGet(summary.getLong("timedOut"));
  }

  /** Completes once no more requests will be sent and every one sent has its answer. */
  Future<Void> allAnswered() {
    stopped = true;
    if (answered.get() == sent.get()) {
      done.tryComplete();
    }
    return done.future();
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  long requestsSent() {
    return sent.get();
  }

  long outstanding() {
    return sent.get() - answered.get();
  }

  long refusedRequests() {
    return refused.get();
  }

  /** The statuses of the other answers, e.g. {@code {504=3}}; failed calls are not in it. */
  String otherStatuses() {
    return new TreeMap<>(otherStatuses).toString();
  }

  long otherAnswers() {
    return other.get();
  }

  long unaccounted() {
    return unaccounted.get();
  }

  long offeredMessages() {
    return sent.get() * batch;
  }

  long acceptedMessages() {
    return accepted.get();
  }

  long delivered() {
    return delivered.get();
  }

  long failed() {
    return failed.get();
  }

  long timedOut() {
    return timedOut.get();
  }
}
