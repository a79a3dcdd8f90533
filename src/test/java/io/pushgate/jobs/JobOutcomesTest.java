package io.pushgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgate.bus.DeliveryError;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.SendOutcome;
import io.pushgate.config.TargetConfig;
import io.pushgate.config.TargetKind;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JobOutcomes: which sender outcomes end a job message and which put it back to wait")
class JobOutcomesTest {

  /** Three attempts, a breaker that opens after 5 failures and stays open 7 s. */
  private static final TargetConfig BREAKER = target(5);
  private static final TargetConfig NO_BREAKER = target(0);
  private static final ClaimedMessage FRESH = new ClaimedMessage(4, Buffer.buffer("{}"), 0);
  private static final ClaimedMessage RESUMED = new ClaimedMessage(4, Buffer.buffer("{}"), 2);

  private static TargetConfig target(int maxFailures) {
    return new TargetConfig("t", "http://127.0.0.1:1/", 1000, 3, 10, 100, Map.of(), 100, maxFailures, 7000,
        List.of(), null, TargetKind.WEBHOOK, null, null, null);
  }

  private static SendOutcome answered(DeliveryStatus status, int httpStatus, int attempts) {
    return SendOutcome.answered(4, status, httpStatus, attempts, 12, Buffer.buffer("{\"ok\":1}"), true);
  }

  private static SendOutcome unanswered(DeliveryStatus status, DeliveryError error, int attempts) {
    return SendOutcome.unanswered(4, status, attempts, 12, error, "why");
  }

  @Test
  @DisplayName("delivered is final, keeps the answer and adds the attempts of earlier claims")
  void delivered() {
    MessageResult result = JobOutcomes.toResult(answered(DeliveryStatus.DELIVERED, 200, 1), RESUMED, BREAKER);
    assertThat(result.state()).isEqualTo(MessageState.DELIVERED);
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(result.httpStatus()).isEqualTo(200);
    assertThat(result.response().toString()).isEqualTo("{\"ok\":1}");
    assertThat(result.responseJson()).isTrue();
  }

  @Test
  @DisplayName("a refusal (4xx) and retries used up are final failures with the last answer or error")
  void final_failures() {
    MessageResult refused = JobOutcomes.toResult(answered(DeliveryStatus.FAILED, 400, 1), FRESH, BREAKER);
    assertThat(refused.state()).isEqualTo(MessageState.FAILED);
    assertThat(refused.httpStatus()).isEqualTo(400);
    MessageResult usedUp = JobOutcomes.toResult(answered(DeliveryStatus.FAILED, 503, 3), FRESH, BREAKER);
    assertThat(usedUp.state()).isEqualTo(MessageState.FAILED);
    MessageResult timedOut = JobOutcomes.toResult(unanswered(DeliveryStatus.TIMEOUT, DeliveryError.TIMEOUT, 3),
        FRESH, BREAKER);
    assertThat(timedOut.state()).isEqualTo(MessageState.FAILED);
    assertThat(timedOut.error()).isEqualTo("timeout");
    assertThat(timedOut.detail()).isEqualTo("why");
  }

  @Test
  @DisplayName("a message its target's kind refused before the network fails for good; a gone token is kept")
  void refusals_and_gone_tokens_are_final() {
    MessageResult refused = JobOutcomes.toResult(
        unanswered(DeliveryStatus.FAILED, DeliveryError.INVALID_MESSAGE, 0), FRESH, BREAKER);
    assertThat(refused.state()).as("no claim would change the message").isEqualTo(MessageState.FAILED);
    assertThat(refused.error()).isEqualTo("invalid_message");
    MessageResult gone = JobOutcomes.toResult(answered(DeliveryStatus.FAILED, 410, 1).withTokenInvalid(), FRESH,
        BREAKER);
    assertThat(gone.state()).isEqualTo(MessageState.FAILED);
    assertThat(gone.tokenInvalid()).isTrue();
  }

  @Test
  @DisplayName("an open circuit pauses the message for the breaker's reset time, its attempts kept")
  void open_circuit_pauses() {
    MessageResult neverSent = JobOutcomes.toResult(
        unanswered(DeliveryStatus.FAILED, DeliveryError.CIRCUIT_OPEN, 0), RESUMED, BREAKER);
    assertThat(neverSent.state()).isEqualTo(MessageState.WAITING);
    assertThat(neverSent.retryInMs()).isEqualTo(7000);
    assertThat(neverSent.attempts()).isEqualTo(2);
    MessageResult stopped = JobOutcomes.toResult(
        unanswered(DeliveryStatus.FAILED, DeliveryError.CONNECTION_FAILED, 1), FRESH, BREAKER);
    assertThat(stopped.state()).as("retries the circuit stopped early").isEqualTo(MessageState.WAITING);
    assertThat(stopped.retryInMs()).isEqualTo(7000);
    assertThat(stopped.attempts()).isEqualTo(1);
  }

  @Test
  @DisplayName("attempts of earlier claims count: a paused message that has had maxAttempts ends failed")
  void attempts_count_across_claims() {
    MessageResult usedUp = JobOutcomes.toResult(
        unanswered(DeliveryStatus.FAILED, DeliveryError.CONNECTION_FAILED, 1), RESUMED, BREAKER);
    assertThat(usedUp.state()).isEqualTo(MessageState.FAILED);
    assertThat(usedUp.attempts()).isEqualTo(3);
    assertThat(usedUp.error()).isEqualTo("connection_failed");
    MessageResult lastOneLeft = JobOutcomes.toResult(
        unanswered(DeliveryStatus.FAILED, DeliveryError.CIRCUIT_OPEN, 0), RESUMED, BREAKER);
    assertThat(lastOneLeft.state()).as("2 of 3 attempts had: one left").isEqualTo(MessageState.WAITING);
  }

  @Test
  @DisplayName("without a breaker, retries that stopped early are not a pause")
  void no_breaker_no_pause() {
    MessageResult result = JobOutcomes.toResult(answered(DeliveryStatus.FAILED, 404, 1), FRESH, NO_BREAKER);
    assertThat(result.state()).isEqualTo(MessageState.FAILED);
    MessageResult notRetryable = JobOutcomes.toResult(answered(DeliveryStatus.FAILED, 409, 1), FRESH, BREAKER);
    assertThat(notRetryable.state()).as("a 4xx stops retries but is no circuit").isEqualTo(MessageState.FAILED);
  }

  @Test
  @DisplayName("a chunk cut short or a shutdown puts the message back, never fails it")
  void cut_short_requeues() {
    for (DeliveryError error : List.of(DeliveryError.DEADLINE_EXCEEDED, DeliveryError.UNAVAILABLE)) {
      MessageResult result = JobOutcomes.toResult(unanswered(DeliveryStatus.FAILED, error, 1), FRESH, NO_BREAKER);
      assertThat(result.state()).as(error.json()).isEqualTo(MessageState.WAITING);
      assertThat(result.retryInMs()).isEqualTo(JobOutcomes.REQUEUE_MS);
    }
    MessageResult notSent = JobOutcomes.notSent(RESUMED);
    assertThat(notSent.state()).isEqualTo(MessageState.WAITING);
    assertThat(notSent.attempts()).isEqualTo(2);
  }
}
