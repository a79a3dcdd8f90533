package io.pushgate.sender;

import io.pushgate.config.TargetConfig;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether a failed attempt is tried again, and after how long: exponential backoff with full jitter, never
 * shorter than a target's {@code Retry-After} (itself capped at the backoff maximum).
 *
 * <p>Retried: no answer (connection failure, timeout, an answer that is not HTTP), 5xx, 408 and 429. Never retried:
 * any other status, since the target has answered "no" and asking again would get the same answer; nor an open
 * circuit, which fails at once. A target kind's table of answers may say otherwise ({@link AttemptResult.Retry}).
 */
final class RetryPolicy {

  private final int maxAttempts;
  private final long initialMs;
  private final long maxMs;

  RetryPolicy(TargetConfig target) {
    this(target.maxAttempts(), target.backoffInitialMs(), target.backoffMaxMs());
  }

  RetryPolicy(int maxAttempts, long initialMs, long maxMs) {
    this.maxAttempts = maxAttempts;
    this.initialMs = initialMs;
    this.maxMs = maxMs;
  }

  /** Whether the message gets another attempt after {@code result}, its {@code attempts}-th. */
  boolean shouldRetry(AttemptResult result, int attempts) {
    return attempts < maxAttempts && retryable(result);
  }

  static boolean retryable(AttemptResult result) {
    if (!result.reachedNetwork() || result.retry() == AttemptResult.Retry.NEVER) {
      return false;
    }
    if (result.retry() == AttemptResult.Retry.ALWAYS) {
      return true;
    }
    if (!result.answered()) {
      return true;
    }
    int status = result.httpStatus();
    return status >= 500 || status == 408 || status == 429;
  }

  /** The delay before the attempt following the {@code attempts}-th, in milliseconds. */
  long delayMs(AttemptResult result, int attempts) {
    long cap = Math.min(maxMs, initialMs << Math.min(attempts - 1, 30));
    long jittered = cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
    if (result.retryAfterMs() >= 0) {
      return Math.max(jittered, Math.min(result.retryAfterMs(), maxMs));
    }
    return jittered;
  }
}
