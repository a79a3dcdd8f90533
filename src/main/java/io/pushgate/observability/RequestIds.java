package io.pushgate.observability;

import java.security.SecureRandom;

/**
 * Makes request ids: a random prefix per instance and a counter, e.g. {@code k3v9q2x8m1ab-1f}. Message ids derive
 * from request ids and targets deduplicate on them, so ids must not repeat across restarts: the 60-bit random
 * prefix sees to that, while the counter keeps each id cheap.
 *
 * <p>Not thread-safe: give each verticle instance its own.
 */
public final class RequestIds {

  private static final int PREFIX_BITS = 60;

  private final String prefix;
  private long counter;

  public RequestIds() {
    long random = new SecureRandom().nextLong() >>> (Long.SIZE - PREFIX_BITS);
    this.prefix = Long.toString(random, 36);
  }

  /** The next id. */
  public String next() {
    return prefix + "-" + Long.toString(counter++, 36);
  }
}
