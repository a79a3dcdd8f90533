package io.pushgate.sender;

import io.pushgate.bus.DeliveryError;
import io.pushgate.bus.TimeoutLadder;
import io.pushgate.observability.GatewayMetrics;
import io.pushgate.observability.TargetStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The way from one sender to one target: at most {@code maxInFlight} attempts on the wire (one per pooled
 * connection, so the HTTP client's wait queue stays empty), the rest queued; retries after their backoff.
 *
 * <p>The queue has one line per chunk, and a free connection takes the next message of the next chunk in turn
 * ({@link RoundRobinQueue}): a chunk waits for one message of each other chunk waiting, not for all of them, so a
 * small batch is not stuck behind large ones. A retry goes back to the head of its chunk's line, ahead of the
 * chunk's messages not yet tried, which came after it (it has waited its backoff already), and then waits for its
 * chunk's turn like any other. Confined to the sender's event loop.
 */
final class TargetLane {

  private final Vertx vertx;
  private final String target;
  private final TargetStatus status;
  private final GatewayMetrics metrics;
  private final TargetProtocol protocol;
  private final RetryPolicy retryPolicy;
  private final long attemptTimeoutMs;
  private final int maxInFlight;
  private final RoundRobinQueue<MessageDelivery> queue = new RoundRobinQueue<>();
  private int inFlight;
  private boolean dispatching;

  TargetLane(Vertx vertx, TargetStatus status, GatewayMetrics metrics, TargetProtocol protocol,
             RetryPolicy retryPolicy, long attemptTimeoutMs, int maxInFlight) {
    this.vertx = vertx;
    this.target = status.target();
    this.status = status;
    this.metrics = metrics;
    this.protocol = protocol;
    this.retryPolicy = retryPolicy;
    this.attemptTimeoutMs = attemptTimeoutMs;
    this.maxInFlight = maxInFlight;
  }

  /** Starts a first attempt for {@code delivery} now, or queues it at the end of its chunk's line. */
  void submit(MessageDelivery delivery) {
    queue.addLast(delivery.chunk.waiting, delivery);
    dispatch();
  }

  private void retry(MessageDelivery delivery) {
    queue.addFirst(delivery.chunk.waiting, delivery);
    dispatch();
  }

  /** Drops the queued messages of a closed chunk. */
  void withdraw(ChunkDelivery chunk) {
    queue.withdraw(chunk.waiting);
  }

  /** Messages waiting for a slot. */
  int queued() {
    return queue.size();
  }

  /** The target's status on this node, which every sender's lane to it feeds. */
  TargetStatus status() {
    return status;
  }

  private void attempt(MessageDelivery delivery) {
    long timeoutMs = TimeoutLadder.attemptMs(attemptTimeoutMs, delivery.chunk.remainingMs());
    if (timeoutMs <= 0) {
      delivery.chunk.complete(delivery, delivery.deadlineOutcome());
      return;
    }
    inFlight++;
    delivery.attempts++;
    delivery.onWire = true;
    Future<AttemptResult> attempt;
    try {
      attempt = protocol.attempt(delivery.body, delivery.messageId, delivery.chunk.requestId(), timeoutMs);
    } catch (RuntimeException e) {
      attempt = Future.succeededFuture(AttemptResult.unanswered(DeliveryError.CONNECTION_FAILED, e.toString()));
    }
    attempt.onComplete(result -> {
      inFlight--;
      delivery.attempted(result.result());
      metrics.attemptCompleted(target, result.result().outcome());
      settle(delivery, result.result());
      dispatch();
    });
  }

  private void settle(MessageDelivery delivery, AttemptResult result) {
    if (delivery.chunk.closed()) {
      return;
    }
    if (!retryPolicy.shouldRetry(result, delivery.attempts) || delivery.chunk.withdrawn()) {
      delivery.chunk.complete(delivery, delivery.outcome(result));
      return;
    }
    long delayMs = retryPolicy.delayMs(result, delivery.attempts);
    if (delayMs >= delivery.chunk.remainingMs()) {
      // The retry could not start before the deadline: report what the target said last rather than nothing.
      delivery.chunk.complete(delivery, delivery.outcome(result));
    } else if (delayMs == 0) {
      retry(delivery);
    } else {
      delivery.retryTimer = vertx.setTimer(delayMs, id -> {
        delivery.retryTimer = MessageDelivery.NO_TIMER;
        retry(delivery);
      });
    }
  }

  /**
   * Starts queued messages while there are free slots. Not re-entrant: an open circuit completes attempts on the
   * spot, and a completion that dispatched again from inside this loop would recurse once per queued message.
   */
  private void dispatch() {
    if (dispatching) {
      return;
    }
    dispatching = true;
    try {
      while (inFlight < maxInFlight && !queue.isEmpty()) {
        attempt(queue.poll());
      }
    } finally {
      dispatching = false;
    }
  }
}
