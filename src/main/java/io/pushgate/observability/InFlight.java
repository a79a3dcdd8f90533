package io.pushgate.observability;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts pieces of work in flight (API requests, chunks a node's senders hold) so that a drain can wait for the last
 * one. Thread-safe: shared by the verticle instances of every event loop.
 */
public final class InFlight {

  private final AtomicInteger open = new AtomicInteger();
  private final Promise<Void> idle = Promise.promise();
  private volatile boolean draining;

  /** A piece of work started. */
  public void started() {
    open.incrementAndGet();
  }

  /** A piece of work ended. */
  public void ended() {
    open.decrementAndGet();
    if (draining) {
      completeIfIdle();
    }
  }

  /** Draining: {@link #idle()} completes once nothing is in flight. */
  public void startDraining() {
    draining = true;
    completeIfIdle();
  }

  /** Pieces of work in flight now. */
  public int open() {
    return open.get();
  }

  public boolean draining() {
    return draining;
  }

  /** Completes once draining has started and nothing is in flight. */
  public Future<Void> idle() {
    return idle.future();
  }

  private void completeIfIdle() {
    if (open.get() == 0) {
      idle.tryComplete();
    }
  }
}
