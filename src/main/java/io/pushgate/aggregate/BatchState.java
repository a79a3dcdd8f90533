package io.pushgate.aggregate;

import io.pushgate.bus.BatchResult;
import io.pushgate.bus.ChunkOutcome;
import io.pushgate.bus.DeliveryError;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.FailureCode;
import io.pushgate.bus.GatewayException;
import io.pushgate.bus.PushRequest;
import io.pushgate.bus.SendOutcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Arrays;

/**
 * The outcomes of one batch while its chunks are out. Completes once, when every message has an outcome or when
 * {@link #expire()} is called; later outcomes are dropped. Confined to the aggregator's event loop.
 */
final class BatchState {

  /** Why a chunk has no sender's answer. */
  enum Loss {
    /** No sender took it: the bus found none anywhere. When no chunk of a batch found one, the batch fails. */
    NO_SENDER,
    /** The nodes it was sent to left or are shutting down, and no other node is left to take it. */
    NO_LIVE_SENDER,
    /** The request's deadline passed first. */
    DEADLINE
  }

  private final PushRequest request;
  private final SendOutcome[] results;
  private final long startNanos;
  private final int chunks;
  private final Promise<BatchResult> done = Promise.promise();
  private int remaining;
  private int unavailableChunks;

  BatchState(PushRequest request, int chunks) {
    this.request = request;
    this.results = new SendOutcome[request.messages().size()];
    this.remaining = results.length;
    this.chunks = chunks;
    this.startNanos = System.nanoTime();
  }

  Future<BatchResult> result() {
    return done.future();
  }

  boolean finished() {
    return done.future().isComplete();
  }

  /** Takes a sender's outcomes; the first outcome of a message wins (a chunk sent again may answer twice). */
  void record(ChunkOutcome chunk) {
    for (SendOutcome outcome : chunk.outcomes()) {
      if (!finished() && results[outcome.index()] == null) {
        results[outcome.index()] = chunk.node() == null ? outcome : outcome.withNode(chunk.node());
        remaining--;
      }
    }
    if (remaining == 0) {
      finish();
    }
  }

  /**
   * Records that a chunk got no answer from any sender: its messages fail or time out, or the whole request fails
   * with {@link FailureCode#UNAVAILABLE} when no chunk reached a sender.
   */
  void chunkLost(int firstIndex, int size, Loss loss) {
    if (loss == Loss.NO_SENDER && ++unavailableChunks == chunks) {
      done.tryFail(noSender());
      return;
    }
    for (int i = firstIndex; i < firstIndex + size; i++) {
      if (!finished() && results[i] == null) {
        results[i] = lost(i, loss);
        remaining--;
      }
    }
    if (remaining == 0) {
      finish();
    }
  }

  /** Answers now: every message still without an outcome becomes a {@code timeout}. */
  void expire() {
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        results[i] = SendOutcome.unanswered(i, DeliveryStatus.TIMEOUT, 0, elapsedMs(),
            DeliveryError.DEADLINE_EXCEEDED, "the request's deadline passed before the sender answered");
      }
    }
    finish();
  }

  /**
   * Answers now because the gateway shut down: every message still without an outcome is {@code unavailable}. Its
   * sender had already answered for it if it was on this node, so it is a chunk that was still on its way back (or,
   * on a cluster, on another node): it may have been sent.
   */
  void shutDown() {
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        results[i] = SendOutcome.unanswered(i, DeliveryStatus.FAILED, 0, elapsedMs(), DeliveryError.UNAVAILABLE,
            "the gateway shut down before the message's outcome reached it: it may have been sent");
      }
    }
    finish();
  }

  private SendOutcome lost(int index, Loss loss) {
    return switch (loss) {
      case NO_SENDER -> SendOutcome.unanswered(index, DeliveryStatus.FAILED, 0, elapsedMs(),
          DeliveryError.UNAVAILABLE, "no sender is available");
      case NO_LIVE_SENDER -> SendOutcome.unanswered(index, DeliveryStatus.FAILED, 0, elapsedMs(),
          DeliveryError.UNAVAILABLE,
          "the node holding the message left or is shutting down and no other node can take it; it may have been sent");
      case DEADLINE -> senderMissedDeadline(index, elapsedMs());
    };
  }

  /** The refusal of a request none of whose messages reached a sender: none is deployed. */
  static GatewayException noSender() {
    return new GatewayException(FailureCode.UNAVAILABLE, "no sender is available");
  }

  /** The outcome of a message whose sender did not answer by the request's deadline. */
  static SendOutcome senderMissedDeadline(int index, long elapsedMs) {
    return SendOutcome.unanswered(index, DeliveryStatus.TIMEOUT, 0, elapsedMs, DeliveryError.DEADLINE_EXCEEDED,
        "the sender did not answer before the deadline");
  }

  private void finish() {
    done.tryComplete(new BatchResult(request.requestId(), request.target(), elapsedMs(), Arrays.asList(results)));
  }

  private long elapsedMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
