package io.pushgate.observability;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A count a node holds against a limit: messages admitted (across the node and per target), amount of request bodies
 * and of unwritten answers. Thread-safe: shared by the verticles of every event loop. Whoever takes gives the same
 * amount back, once, when its work ends.
 */
public final class Budget {

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  public Budget(long limit) {
    this.limit = limit;
  }

  /** Takes {@code amount} if it fits under the limit; false, taking nothing, if it does not. */
  public boolean tryTake(long amount) {
    for (long now = used.get(); now + amount <= limit; now = used.get()) {
      if (used.compareAndSet(now, now + amount)) {
        return true;
      }
    }
    return false;
  }

  /** Takes as much of {@code wanted} as fits under the limit, maybe nothing; returns what it took. */
  public long takeUpTo(long wanted) {
    for (long now = used.get(); now < limit; now = used.get()) {
      long taken = Math.min(wanted, limit - now);
      if (used.compareAndSet(now, now + taken)) {
        return taken;
      }
    }
    return 0;
  }

  /**
   * Takes {@code amount} whether or not it fits: for what already exists (an answer, once its batch is done), which
   * refusing would not free.
   */
  public void take(long amount) {
    used.addAndGet(amount);
  }

  public void giveBack(long amount) {
    used.addAndGet(-amount);
  }

  /** Whether the limit is reached: new work that would add to it is refused. */
  public boolean exhausted() {
    return used.get() >= limit;
  }

  /** What is taken now. */
  public long used() {
    return used.get();
  }
}
