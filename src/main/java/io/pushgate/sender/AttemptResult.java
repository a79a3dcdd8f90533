package io.pushgate.sender;

import io.pushgate.bus.DeliveryError;
import io.vertx.core.buffer.Buffer;

/**
 * What one attempt to a target came back with: an answer, or the reason there was none.
 *
 * @param httpStatus the target's status, or 0 when no answer came
 * @param body the target's body cut at the configured size, or {@code null} when no answer came
 * @param bodyJson whether {@code body} is one complete JSON value
 * @param retryAfterMs the target's {@code Retry-After} in milliseconds, or -1 when it sent none
 * @param failure why no answer came (an {@link DeliveryError#attemptOutcome() attempt outcome}), or {@code null}
 * @param detail text for people about the failure, or {@code null}
 */
record AttemptResult(int httpStatus, Buffer body, boolean bodyJson, long retryAfterMs, DeliveryError failure,
                     String detail) {

  static AttemptResult answered(int httpStatus, Buffer body, boolean bodyJson, long retryAfterMs) {
    return new AttemptResult(httpStatus, body, bodyJson, retryAfterMs, null, null);
  }

  static AttemptResult unanswered(DeliveryError failure, String detail) {
    return new AttemptResult(0, null, false, -1, failure, detail);
  }

  boolean answered() {
    return failure == null;
  }

  /** Whether the attempt reached the network: every attempt but one the open circuit stopped. */
  boolean reachedNetwork() {
    return failure != DeliveryError.CIRCUIT_OPEN;
  }

  /** The {@code outcome} label of the attempt metric: {@code 2xx} … {@code 5xx}, or the failure's word. */
  String outcome() {
    return answered() ? (httpStatus / 100) + "xx" : failure.json();
  }

  boolean success() {
    return answered() && httpStatus >= 200 && httpStatus < 300;
  }
}
