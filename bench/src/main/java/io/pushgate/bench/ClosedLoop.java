package io.pushgate.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.LongFunction;

/**
 * A closed-loop load: makes {@code total} calls with exactly {@code inFlight} outstanding until the last ones, each
 * new call starting when one finishes. The load is bounded both in count and in concurrency. Confined to the event
 * loop it is started on; the calls must complete there too.
 */
final class ClosedLoop {

  private final long total;
  private final int inFlight;
  private final LongFunction<Future<?>> call;
  private final Promise<Void> done = Promise.promise();
  private long started;
  private long finished;
  private boolean pumping;

  private ClosedLoop(long total, int inFlight, LongFunction<Future<?>> call) {
    this.total = total;
    this.inFlight = inFlight;
    this.call = call;
  }

  /**
   * Runs the load.
   *
   * @param call makes call number {@code i} (0-based) and records its outcome itself; a failed future only ends the
   *     call
   * @return completes once every call has finished; never fails
   */
  static Future<Void> run(long total, int inFlight, LongFunction<Future<?>> call) {
    if (total <= 0) {
      return Future.succeededFuture();
    }
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight must be at least 1");
    }
    ClosedLoop loop = new ClosedLoop(total, inFlight, call);
    loop.pump();
    return loop.done.future();
  }

  private void pump() {
    // A call that completes synchronously re-enters here; the flag keeps that from recursing once per call.
    if (pumping) {
      return;
    }
    pumping = true;
    while (started < total && started - finished < inFlight) {
      Future<?> pending;
      try {
        pending = call.apply(started++);
      } catch (RuntimeException e) {
        pending = Future.failedFuture(e);
      }
      pending.onComplete(ignored -> onFinished());
    }
    pumping = false;
  }

  private void onFinished() {
    if (++finished == total) {
      done.complete();
    } else {
      pump();
    }
  }
}
