package io.pushgate.observability;

import java.security.SecureRandom;

/**
 * Everything about request and message ids, in one place: the headers that carry them, which client-given ids are
 * taken, how new ones are made, and how a message id derives from its request's id.
 *
 * <p>New ids are a random prefix per instance and a counter, e.g. {@code k3v9q2x8m1ab-1f}. Message ids derive from
 * request ids and targets deduplicate on them, so ids must not repeat across restarts: the 60-bit random prefix sees
 * to that, while the counter keeps each id cheap. The event bus carries the id in
 * {@link io.pushgate.bus.BusHeaders#REQUEST_ID}.
 *
 * <p>An instance is not thread-safe: give each verticle instance its own.
 */
public final class RequestIds {

  /** The conventional request-id header: read from clients, echoed on every answer, sent to targets. */
  public static final String HTTP_HEADER = "X-Request-Id";
  /** The request id on every answer of the HTTP API, next to {@link #HTTP_HEADER}. */
  public static final String ANSWER_HEADER = "Pushgate-Request-Id";
  /** The message id on every attempt to a target: the same on every retry, so that targets can deduplicate. */
  public static final String MESSAGE_ID_HEADER = "Pushgate-Message-Id";
  /** Longest client-given request id we take; longer ones are replaced. */
  public static final int MAX_CLIENT_ID_LENGTH = 128;

  private static final int PREFIX_BITS = 60;

  private final String prefix;
  private long counter;

  public RequestIds() {
    long random = new SecureRandom().nextLong() >>> (Long.SIZE - PREFIX_BITS);
    this.prefix = Long.toString(random, 36);
  }

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

  /** The id of the message at {@code index} within the request {@code requestId}. */
  public static String messageId(String requestId, int index) {
    return requestId + "-" + index;
  }

  /** The id a request gets: {@code given} (a client's, or {@code null}) when it is {@link #acceptable}, else new. */
  public String resolve(String given) {
    return acceptable(given) ? given : next();
  }

  /** A new id. */
  public String next() {
    return prefix + "-" + Long.toString(counter++, 36);
  }
}
