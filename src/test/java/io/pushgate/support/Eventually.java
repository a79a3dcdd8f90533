package io.pushgate.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Asks again, on a timer, until an answer holds: for state that changes on its own time (a once-a-second sample). */
public final class Eventually {

  /** How often {@link #until} asks. */
  private static final long POLL_MS = 50;

  private Eventually() {
  }

  /**
   * The first answer of {@code ask} for which {@code holds} is true, asked every {@link #POLL_MS}; a failed ask is
   * asked again. The test's timeout bounds it.
   */
  public static <T> Future<T> until(Vertx vertx, Supplier<Future<T>> ask, Predicate<T> holds) {
    Promise<T> reached = Promise.promise();
    poll(vertx, ask, holds, reached);
    return reached.future();
  }

  private static <T> void poll(Vertx vertx, Supplier<Future<T>> ask, Predicate<T> holds, Promise<T> reached) {
    ask.get().onComplete(answer -> {
      if (answer.succeeded() && holds.test(answer.result())) {
        reached.complete(answer.result());
      } else {
        vertx.setTimer(POLL_MS, id -> poll(vertx, ask, holds, reached));
      }
    });
  }
}
