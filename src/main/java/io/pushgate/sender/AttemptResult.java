package io.pushgate.sender;

import io.vertx.core.buffer.Buffer;

/**
 * What one HTTP attempt to a target came back with: an answer, or the reason there was none.
 *
 * @param httpStatus the target's status, or 0 when no answer came
 * @param body the target's body cut at the configured size, or {@code null} when no answer came
 * @param bodyJson whether {@code body} is one complete JSON value
 * @param retryAfterMs the target's {@code Retry-After} in milliseconds, or -1 when it sent none
 * @param failure why no answer came, or {@link Failure#NONE}
 * @param detail text for people about the failure, or {@code null}
 */
record AttemptResult(int httpStatus, Buffer body, boolean bodyJson, long retryAfterMs, Failure failure,
                     String detail) {

  /** Why an attempt got no answer. */
  enum Failure {
    NONE, CONNECTION, TIMEOUT,
    /** The circuit breaker stopped the attempt before it reached the network. */
    CIRCUIT_OPEN
  }

  static AttemptResult answered(int httpStatus, Buffer body, boolean bodyJson, long retryAfterMs) {
    return new AttemptResult(httpStatus, body, bodyJson, retryAfterMs, Failure.NONE, null);
  }

  static AttemptResult unanswered(Failure failure, String detail) {
    return new AttemptResult(0, null, false, -1, failure, detail);
  }

  /** The {@code outcome} label of the attempt metric: {@code 2xx} … {@code 5xx}, {@code timeout}, {@code connection_failed}. */
  String outcome() {
    return switch (failure) {
      case NONE -> (httpStatus / 100) + "xx";
      case TIMEOUT -> "timeout";
      case CONNECTION -> "connection_failed";
      case CIRCUIT_OPEN -> "circuit_open";
    };
  }

  boolean success() {
    return failure == Failure.NONE && httpStatus >= 200 && httpStatus < 300;
  }
}
