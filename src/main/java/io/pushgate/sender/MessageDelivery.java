package io.pushgate.sender;

import io.pushgate.bus.DeliveryError;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.SendOutcome;
import io.vertx.core.buffer.Buffer;

/**
 * One message of a chunk on its way to the target: its attempts so far, the last one that reached the network,
 * whether one is on the wire now, and its pending retry. Confined to the sender's event loop.
 */
final class MessageDelivery {

  static final long NO_TIMER = -1;

  final ChunkDelivery chunk;
  final int index;
  final Buffer body;
  final String messageId;
  /** Attempts that reached the network. */
  int attempts;
  /** Whether an attempt is on the wire now. */
  boolean onWire;
  long retryTimer = NO_TIMER;
  /** The last attempt that reached the network, or {@code null}. */
  private AttemptResult lastAttempt;
  private final long startNanos;

  MessageDelivery(ChunkDelivery chunk, int index, Buffer body, String messageId, long startNanos) {
    this.chunk = chunk;
    this.index = index;
    this.body = body;
    this.messageId = messageId;
    this.startNanos = startNanos;
  }

  /** Takes the result of an attempt: one the open circuit stopped before the network is not counted. */
  void attempted(AttemptResult result) {
    onWire = false;
    if (result.reachedNetwork()) {
      lastAttempt = result;
    } else {
      attempts--;
    }
  }

  /**
   * The final outcome after {@code result}, the last attempt. When the open circuit stopped a retry, the message was
   * sent before all the same: its last real attempt is the outcome, and the detail says why the retries stopped.
   * Only a message that never left the gateway ends {@code circuit_open}.
   */
  SendOutcome outcome(AttemptResult result) {
    if (!result.reachedNetwork() && lastAttempt != null) {
      SendOutcome last = outcome(lastAttempt);
      String cut = "retries stopped after " + attempts + " attempt(s): " + result.detail();
      return last.withDetail(last.detail() == null ? cut : last.detail() + "; " + cut);
    }
    long latencyMs = latencyMs();
    if (result.answered()) {
      SendOutcome answered = SendOutcome.answered(index, result.success() ? DeliveryStatus.DELIVERED
          : DeliveryStatus.FAILED, result.httpStatus(), attempts, latencyMs, result.body(), result.bodyJson());
      answered = result.detail() == null ? answered : answered.withDetail(result.detail());
      return result.tokenInvalid() ? answered.withTokenInvalid() : answered;
    }
    return switch (result.failure()) {
      case TIMEOUT -> SendOutcome.unanswered(index, DeliveryStatus.TIMEOUT, attempts, latencyMs,
          DeliveryError.TIMEOUT, "no complete answer within the attempt's time limit");
      default -> SendOutcome.unanswered(index, DeliveryStatus.FAILED, attempts, latencyMs, result.failure(),
          result.detail());
    };
  }

  /** The outcome when the request's deadline passes before the message has one. */
  SendOutcome deadlineOutcome() {
    return SendOutcome.unanswered(index, DeliveryStatus.TIMEOUT, attempts, latencyMs(),
        DeliveryError.DEADLINE_EXCEEDED, "the request's deadline passed before the target answered");
  }

  /** The outcome when the gateway shuts down, its drain time up, before the message has one. */
  SendOutcome shutdownOutcome() {
    String detail;
    if (onWire) {
      detail = "the gateway shut down before the target's answer came: it may have been delivered";
    } else if (attempts == 0) {
      detail = "the gateway shut down before sending it";
    } else {
      detail = "the gateway shut down before retrying it, after " + attempts + " attempt(s)";
    }
    return SendOutcome.unanswered(index, DeliveryStatus.FAILED, attempts, latencyMs(), DeliveryError.UNAVAILABLE,
        detail);
  }

  /** The outcome when its messages are withdrawn before this one was sent (again): its job was cancelled. */
  SendOutcome withdrawnOutcome() {
    return SendOutcome.unanswered(index, DeliveryStatus.FAILED, attempts, latencyMs(), DeliveryError.UNAVAILABLE,
        attempts == 0 ? "withdrawn before it was sent" : "withdrawn before a retry, after " + attempts + " attempt(s)");
  }

  /** Nanoseconds since the sender took the message. */
  long latencyNanos() {
    return System.nanoTime() - startNanos;
  }

  private long latencyMs() {
    return latencyNanos() / 1_000_000;
  }
}
