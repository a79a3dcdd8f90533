package io.pushgate.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.bus.DeliveryError;
import io.vertx.core.buffer.Buffer;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@DisplayName("RetryPolicy: what is retried and how long to wait")
class RetryPolicyTest {

  private final RetryPolicy policy = new RetryPolicy(4, 100, 5000);

  private static AttemptResult status(int status, long retryAfterMs) {
    return AttemptResult.answered(status, Buffer.buffer(), false, retryAfterMs);
  }

  @Test
  @DisplayName("no answer, an answer that is not HTTP, 5xx, 408 and 429 are retried; other statuses are final")
  void retryable_statuses() {
    assertThat(RetryPolicy.retryable(AttemptResult.unanswered(DeliveryError.CONNECTION_FAILED, "x"))).isTrue();
    assertThat(RetryPolicy.retryable(AttemptResult.unanswered(DeliveryError.TIMEOUT, "x"))).isTrue();
    assertThat(RetryPolicy.retryable(AttemptResult.unanswered(DeliveryError.INVALID_RESPONSE, "x"))).isTrue();
    assertThat(RetryPolicy.retryable(AttemptResult.unanswered(DeliveryError.CIRCUIT_OPEN, "x"))).isFalse();
    for (int retried : new int[] {408, 429, 500, 502, 503, 599}) {
      assertThat(RetryPolicy.retryable(status(retried, -1))).as("%d", retried).isTrue();
    }
    for (int last : new int[] {200, 204, 301, 400, 401, 403, 404, 409, 422}) {
      assertThat(RetryPolicy.retryable(status(last, -1))).as("%d", last).isFalse();
    }
  }

  @Test
  @DisplayName("stops after maxAttempts")
  void stops_after_max_attempts() {
    assertThat(policy.shouldRetry(status(503, -1), 3)).isTrue();
    assertThat(policy.shouldRetry(status(503, -1), 4)).isFalse();
  }

  @RepeatedTest(20)
  @DisplayName("full jitter: between 0 and min(max, initial * 2^(n-1))")
  void full_jitter_bounds() {
    assertThat(policy.delayMs(status(503, -1), 1)).isBetween(0L, 100L);
    assertThat(policy.delayMs(status(503, -1), 3)).isBetween(0L, 400L);
    assertThat(policy.delayMs(status(503, -1), 40)).isBetween(0L, 5000L);
  }

  @RepeatedTest(20)
  @DisplayName("Retry-After is a floor, capped at the backoff maximum")
  void retry_after_is_honoured_up_to_the_cap() {
    assertThat(policy.delayMs(status(429, 3000), 1)).isEqualTo(3000);
    assertThat(policy.delayMs(status(429, 60_000), 1)).isEqualTo(5000);
  }

  @Test
  @DisplayName("Retry-After as seconds or as an HTTP date")
  void parses_retry_after() {
    assertThat(AttemptResults.retryAfterMs("2")).isEqualTo(2000);
    assertThat(AttemptResults.retryAfterMs(null)).isEqualTo(-1);
    assertThat(AttemptResults.retryAfterMs("soon")).isEqualTo(-1);
    String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
    assertThat(AttemptResults.retryAfterMs(inTenSeconds)).isBetween(8000L, 10_000L);
  }

  @Test
  @DisplayName("response bodies are cut on a character boundary and recognised as JSON only when whole")
  void response_bodies() {
    Buffer snowmen = Buffer.buffer("\u2603\u2603\u2603");
    assertThat(ResponseBodies.cut(snowmen, 4).toString()).isEqualTo("\u2603");
    assertThat(ResponseBodies.cut(snowmen, 9)).isSameAs(snowmen);
    assertThat(ResponseBodies.isJson(Buffer.buffer("{\"a\":[1,2]}"))).isTrue();
    assertThat(ResponseBodies.isJson(Buffer.buffer("42"))).isTrue();
    assertThat(ResponseBodies.isJson(Buffer.buffer("{\"a\":"))).isFalse();
    assertThat(ResponseBodies.isJson(Buffer.buffer("ok"))).isFalse();
    assertThat(ResponseBodies.isJson(Buffer.buffer("{} {}"))).isFalse();
    assertThat(ResponseBodies.isJson(Buffer.buffer(""))).isFalse();
  }
}
