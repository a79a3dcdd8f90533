package io.pushgate.jobs;

import io.pushgate.bus.DeliveryError;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.SendOutcome;
import io.pushgate.config.TargetConfig;

/**
 * Turns a sender's outcome for a job message into what the store keeps. A job has no request deadline and outlives
 * short outages, so some outcomes that end a batch's message put a job message back to wait instead:
 * <ul>
 *   <li>an open circuit ({@code circuit_open}, or retries that the circuit stopped) while the message has attempts
 *       left, counting those of earlier claims: it waits the breaker's reset time, then is claimed again: the job is
 *       paused, not failed; a message that has had {@code maxAttempts} ends with its last answer;</li>
 *   <li>a chunk cut short ({@code deadline_exceeded}) or a sender shutting down ({@code unavailable}): it waits
 *       {@link #REQUEUE_MS} and is claimed again (by this node when it restarts, or by another).</li>
 * </ul>
 * Everything else is final: delivered, or failed (a timeout on the last attempt included) with the last answer.
 */
final class JobOutcomes {

  /** How long a message cut short by a deadline or a shutdown waits before it may be claimed again. */
  static final long REQUEUE_MS = 1000;

  private JobOutcomes() {
  }

  /**
   * What to store for {@code outcome}, the sender's outcome of {@code message}.
   *
   * @param target the message's target, for its attempts and its breaker's reset time
   */
  static MessageResult toResult(SendOutcome outcome, ClaimedMessage message, TargetConfig target) {
    int attempts = message.attempts() + outcome.attempts();
    if (outcome.status() == DeliveryStatus.DELIVERED) {
      return finalResult(outcome, MessageState.DELIVERED, attempts);
    }
    DeliveryError error = outcome.error();
    if (error == DeliveryError.DEADLINE_EXCEEDED || error == DeliveryError.UNAVAILABLE) {
      return waiting(outcome, attempts, REQUEUE_MS);
    }
    if (attempts < target.maxAttempts() && (error == DeliveryError.CIRCUIT_OPEN || stoppedByCircuit(outcome))) {
      return waiting(outcome, attempts, target.breakerResetTimeoutMs());
    }
    return finalResult(outcome, MessageState.FAILED, attempts);
  }

  /** What to store for a message no sender took (the senders refused the chunk or did not answer in time). */
  static MessageResult notSent(ClaimedMessage message) {
    return new MessageResult(message.index(), MessageState.WAITING, message.attempts(), 0,
        SendOutcome.NO_HTTP_STATUS, null, false, null, null, REQUEUE_MS);
  }

  /** Whether {@code outcome} is final for a job message, rather than one to send again later. */
  static boolean isFinal(SendOutcome outcome, TargetConfig target) {
    return toResult(outcome, new ClaimedMessage(outcome.index(), null, 0), target).state().isFinal();
  }

  /**
   * Whether the sender stopped retrying a message whose last answer was worth retrying: only an open circuit does
   * that before {@code maxAttempts} (a {@code 4xx} answer stops retries too, but is not retryable). The caller checks
   * that the message has attempts left, counting those of earlier claims.
   */
  private static boolean stoppedByCircuit(SendOutcome outcome) {
    if (outcome.error() != null && !outcome.error().reachesNetwork()) {
      // Refused by the target's kind before the network (a bad message): no retry would change that.
      return false;
    }
    int status = outcome.httpStatus();
    return status == SendOutcome.NO_HTTP_STATUS || status >= 500 || status == 408 || status == 429;
  }

  private static MessageResult waiting(SendOutcome outcome, int attempts, long retryInMs) {
    return new MessageResult(outcome.index(), MessageState.WAITING, attempts, outcome.latencyMs(),
        outcome.httpStatus(), null, false, null, null, retryInMs);
  }

  private static MessageResult finalResult(SendOutcome outcome, MessageState state, int attempts) {
    return new MessageResult(outcome.index(), state, attempts, outcome.latencyMs(), outcome.httpStatus(),
        outcome.response(), outcome.responseJson(), outcome.error() == null ? null : outcome.error().json(),
        outcome.detail(), 0, outcome.tokenInvalid());
  }
}
