package io.pushgate.sender;

import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.SendOutcome;
import io.vertx.core.buffer.Buffer;

/**
 * One message of a chunk on its way to the target: its attempts so far and its pending retry. Confined to the
 * sender's event loop.
 */
final class MessageDelivery {

  static final long NO_TIMER = -1;

  final ChunkDelivery chunk;
  final int index;
  final Buffer body;
  final String messageId;
  int attempts;
  long retryTimer = NO_TIMER;
  private final long startNanos;

  MessageDelivery(ChunkDelivery chunk, int index, Buffer body, String messageId, long startNanos) {
    this.chunk = chunk;
    this.index = index;
    this.body = body;
    this.messageId = messageId;
    this.startNanos = startNanos;
  }

  /** The final outcome after {@code result}, the last attempt. */
  SendOutcome outcome(AttemptResult result) {
    long latencyMs = latencyMs();
    return switch (result.failure()) {
      case NONE -> SendOutcome.answered(index, result.success() ? DeliveryStatus.DELIVERED : DeliveryStatus.FAILED,
          result.httpStatus(), attempts, latencyMs, result.body(), result.bodyJson());
      case TIMEOUT -> SendOutcome.unanswered(index, DeliveryStatus.TIMEOUT, attempts, latencyMs,
          SendOutcome.ERROR_TIMEOUT, "no answer within the attempt timeout");
      case CONNECTION -> SendOutcome.unanswered(index, DeliveryStatus.FAILED, attempts, latencyMs,
          SendOutcome.ERROR_CONNECTION, result.detail());
      case CIRCUIT_OPEN -> SendOutcome.unanswered(index, DeliveryStatus.FAILED, attempts, latencyMs,
          SendOutcome.ERROR_CIRCUIT_OPEN, result.detail());
    };
  }

  /** The outcome when the request's deadline passes before the message has one. */
  SendOutcome deadlineOutcome() {
    return SendOutcome.unanswered(index, DeliveryStatus.TIMEOUT, attempts, latencyMs(), SendOutcome.ERROR_DEADLINE,
        "the request's deadline passed before the target answered");
  }

  /** Nanoseconds since the sender took the message. */
  long latencyNanos() {
    return System.nanoTime() - startNanos;
  }

  private long latencyMs() {
    return latencyNanos() / 1_000_000;
  }
}
