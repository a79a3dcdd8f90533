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

  /** Longest client-given request id we take; longer ones are replaced. */
  public static final int MAX_CLIENT_ID_LENGTH = 128;

  /**
   * Whether a client-given id can be used as is: 1 to {@link #MAX_CLIENT_ID_LENGTH} characters of letters, digits,
   * {@code . _ : -}, so that it is safe in headers, logs and message ids.
   */
  public static boolean acceptable(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_CLIENT_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '.' || c == '_' || c == ':' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /** The next id. */
  public String next() {
    return prefix + "-" + Long.toString(counter++, 36);
  }
}
