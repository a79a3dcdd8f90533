package io.pushgate.sender;

import io.pushgate.bus.DeliveryError;
import io.vertx.core.buffer.Buffer;

/**
 * What one attempt to a target came back with: an answer, or the reason there was none. Each provider kind reads its
 * answers into one of these; the sender's loop decides from it whether to retry.
 *
 * @param httpStatus the target's status, or 0 when no answer came
 * @param body the target's body cut at the configured size, or {@code null} when no answer came
 * @param bodyJson whether {@code body} is one complete JSON value
 * @param retryAfterMs the target's {@code Retry-After} in milliseconds, or -1 when it sent none
 * @param failure why no answer came (an {@link DeliveryError#attemptOutcome() attempt outcome}), or {@code null}
 * @param detail text for people about the failure, or {@code null}
 * @param retry whether another attempt could help: by the status, or as the kind's table of answers says
 * @param tokenInvalid whether the provider said the message's device token or subscription is gone for good
 */
record AttemptResult(int httpStatus, Buffer body, boolean bodyJson, long retryAfterMs, DeliveryError failure,
                     String detail, Retry retry, boolean tokenInvalid) {

  /** Whether a failed attempt may be tried again. */
  enum Retry {
    /** Today's rule for every kind: no answer, 5xx, 408 and 429 are retried ({@link RetryPolicy}). */
    BY_STATUS,
    /** The kind's table says a retry may succeed whatever the status. */
    ALWAYS,
    /** The kind's table says asking again gets the same answer. */
    NEVER
  }

  static AttemptResult answered(int httpStatus, Buffer body, boolean bodyJson, long retryAfterMs) {
    return new AttemptResult(httpStatus, body, bodyJson, retryAfterMs, null, null, Retry.BY_STATUS, false);
  }

  static AttemptResult unanswered(DeliveryError failure, String detail) {
    return new AttemptResult(0, null, false, -1, failure, detail, Retry.BY_STATUS, false);
  }

  /**
   * A message the kind refused before any network call (no token, a payload too large, an endpoint not allowed):
   * never retried, no attempt counted, nothing sent.
   */
  static AttemptResult rejected(DeliveryError failure, String detail) {
    if (failure.reachesNetwork()) {
      throw new IllegalArgumentException(failure + " is not a refusal before the network");
    }
    return new AttemptResult(0, null, false, -1, failure, detail, Retry.NEVER, false);
  }

  /** This result, never retried. */
  AttemptResult asFinal() {
    return new AttemptResult(httpStatus, body, bodyJson, retryAfterMs, failure, detail, Retry.NEVER, tokenInvalid);
  }

  /** This result, retried while attempts are left. */
  AttemptResult asRetryable() {
    return new AttemptResult(httpStatus, body, bodyJson, retryAfterMs, failure, detail, Retry.ALWAYS, tokenInvalid);
  }

  /** This result, final, saying that the message's token or subscription is gone: the caller should delete it. */
  AttemptResult withTokenInvalid() {
    return new AttemptResult(httpStatus, body, bodyJson, retryAfterMs, failure, detail, Retry.NEVER, true);
  }

  /** This result with text for people, e.g. the provider's reason. */
  AttemptResult withDetail(String text) {
    return new AttemptResult(httpStatus, body, bodyJson, retryAfterMs, failure, text, retry, tokenInvalid);
  }

  boolean answered() {
    return failure == null;
  }

  /** Whether the attempt reached the network: every attempt but those the open circuit or the kind stopped. */
  boolean reachedNetwork() {
    return failure == null || failure.reachesNetwork();
  }

  /** The {@code outcome} label of the attempt metric: {@code 2xx} … {@code 5xx}, or the failure's word. */
  String outcome() {
    return answered() ? (httpStatus / 100) + "xx" : failure.json();
  }

  boolean success() {
    return answered() && httpStatus >= 200 && httpStatus < 300;
  }
}
