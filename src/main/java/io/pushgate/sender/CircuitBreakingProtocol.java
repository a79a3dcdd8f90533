package io.pushgate.sender;

import io.pushgate.bus.DeliveryError;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Puts a Vert.x {@link CircuitBreaker} in front of a protocol. An attempt that gets no answer (no connection, no
 * whole answer in time, an answer that is not HTTP), a 5xx, 408 or 429 counts as a failure; a 2xx whose body was cut
 * at the size limit is a success; enough of them with no success between open the circuit, and while it is open attempts end at
 * once with {@link DeliveryError#CIRCUIT_OPEN}, without a network call. After the reset timeout one probe goes
 * through (half-open) and its outcome closes or reopens the circuit. A target's "no" (other 4xx) is a healthy answer.
 *
 * <p>The breaker is the target's on this node ({@link NodeTargets}), or, for a kind whose messages name their own
 * endpoints, that endpoint's ({@link TargetCircuits}), shared by the protocols of every sender: Vert.x's breaker
 * guards its state with its own lock and completes each call on the caller's context, so senders on different event
 * loops may call it at once.
 */
final class CircuitBreakingProtocol implements TargetProtocol {

  private static final AttemptResult OPEN =
      AttemptResult.unanswered(DeliveryError.CIRCUIT_OPEN, "the circuit to the target is open");

  private final TargetProtocol protocol;
  private final TargetCircuits circuits;
  private final long targetTimeoutMs;

  /** @param targetTimeoutMs the target's own attempt timeout; shorter ones were cut by a request's deadline */
  CircuitBreakingProtocol(TargetProtocol protocol, TargetCircuits circuits, long targetTimeoutMs) {
    this.protocol = protocol;
    this.circuits = circuits;
    this.targetTimeoutMs = targetTimeoutMs;
  }

  @Override
  public Future<AttemptResult> attempt(Buffer body, String messageId, String requestId, long timeoutMs) {
    AttemptResult refused = protocol.refusal(body);
    if (refused != null) {
      return Future.succeededFuture(refused);
    }
    CircuitBreaker breaker = circuits.of(protocol.circuitKey(body));
    if (timeoutMs < targetTimeoutMs) {
      return cutShort(breaker, body, messageId, requestId, timeoutMs);
    }
    return breaker.<AttemptResult>execute(() -> protocol.attempt(body, messageId, requestId, timeoutMs)
            .compose(CircuitBreakingProtocol::asBreakerOutcome))
        .recover(failure -> Future.succeededFuture(unwrap(failure)));
  }

  /**
   * An attempt that a request's deadline cut short. Its timeout says nothing about the target: under overload,
   * messages wait in the queue and start with little time left, and counting their timeouts would open the circuit
   * to a target that is merely slower than the gateway's backlog. Nor may it count as a success, which would clear the
   * failures counted so far or close a half-open circuit to a target that never answered. So it is never the
   * half-open probe, and only an answer or another failure than a timeout is recorded, once it is known.
   */
  private Future<AttemptResult> cutShort(CircuitBreaker breaker, Buffer body, String messageId, String requestId,
                                         long timeoutMs) {
    if (breaker.state() != CircuitBreakerState.CLOSED) {
      return Future.succeededFuture(OPEN);
    }
    return protocol.attempt(body, messageId, requestId, timeoutMs).compose(result -> {
      if (result.failure() != DeliveryError.TIMEOUT) {
        breaker.execute(() -> asBreakerOutcome(result));
      }
      return Future.succeededFuture(result);
    });
  }

  /** The attempt as the breaker sees it: failed when the answer speaks against the target. */
  private static Future<AttemptResult> asBreakerOutcome(AttemptResult result) {
    return RetryPolicy.retryable(result) ? Future.failedFuture(new UnhealthyAnswer(result))
        : Future.succeededFuture(result);
  }

  private static AttemptResult unwrap(Throwable failure) {
    if (failure instanceof UnhealthyAnswer unhealthy) {
      return unhealthy.result;
    }
    if (failure instanceof OpenCircuitException) {
      return OPEN;
    }
    return AttemptResult.unanswered(DeliveryError.CONNECTION_FAILED, String.valueOf(failure.getMessage()));
  }

  /** Carries an answer the breaker must count as a failure, so that it reaches the sender all the same. */
  private static final class UnhealthyAnswer extends RuntimeException {
    private final transient AttemptResult result;

    UnhealthyAnswer(AttemptResult result) {
      super(null, null, false, false);
      this.result = result;
    }
  }
}
