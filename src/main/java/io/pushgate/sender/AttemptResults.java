package io.pushgate.sender;

import io.pushgate.bus.DeliveryError;
import io.vertx.core.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;

/**
 * Reads what a {@link BoundedExchange} came back with into an {@link AttemptResult}, the same way for every kind: an
 * answer with its body (JSON or text) and {@code Retry-After}, or why none came. A kind's own table of answers then
 * refines the result ({@link AttemptResult#withTokenInvalid()}, {@link AttemptResult#asFinal()} ...).
 */
final class AttemptResults {

  private AttemptResults() {
  }

  /** A cut body is text: its JSON, if it was JSON, is broken. */
  static AttemptResult answered(BoundedExchange.Answer answer) {
    boolean json = !answer.cut() && ResponseBodies.isJson(answer.body());
    return AttemptResult.answered(answer.status(), answer.body(), json,
        retryAfterMs(answer.headers().get(HttpHeaders.RETRY_AFTER)));
  }

  static AttemptResult unanswered(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return AttemptResult.unanswered(DeliveryError.TIMEOUT, failure.getMessage());
    }
    if (failure instanceof BoundedExchange.InvalidStatusException) {
      return AttemptResult.unanswered(DeliveryError.INVALID_RESPONSE, failure.getMessage());
    }
    return AttemptResult.unanswered(DeliveryError.CONNECTION_FAILED, String.valueOf(failure.getMessage()));
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date, in milliseconds; -1 when absent or unreadable. */
  static long retryAfterMs(String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(value.trim()) * 1000);
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
      } catch (DateTimeParseException notDate) {
        return -1;
      }
    }
  }
}
