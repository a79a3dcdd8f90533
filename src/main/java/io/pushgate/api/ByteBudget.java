package io.pushgate.api;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes a node holds for its clients (request bodies, unwritten answers), against a limit. Thread-safe: shared by the
 * API verticles of every event loop. Whoever takes bytes gives the same number back, once, when the request ends.
 */
final class ByteBudget {

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  ByteBudget(long limit) {
    this.limit = limit;
  }

  /** Takes {@code bytes} if they fit under the limit; false, taking nothing, if they do not. */
  boolean tryTake(long bytes) {
    for (long now = used.get(); now + bytes <= limit; now = used.get()) {
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Takes {@code bytes} whether or not they fit: for what already exists (an answer, once its batch is done), which
   * refusing would not free.
   */
  void take(long bytes) {
    used.addAndGet(bytes);
  }

  void giveBack(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Whether the limit is reached: new work that would add to it is refused. */
  boolean exhausted() {
    return used.get() >= limit;
  }

  long used() {
    return used.get();
  }
}
