package io.pushgate.observability;

import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.FailureCode;

/**
 * Listener for what the gateway does, one call per event. The default methods do nothing; {@link #NOOP} is the
 * listener of verticles deployed without one (in tests).
 *
 * <p>Calls arrive from every event loop at once: implementations must be thread-safe and cheap, since message
 * calls are on the delivery hot path.
 */
public interface GatewayMetrics {

  /** A listener that records nothing and counts zero. */
  GatewayMetrics NOOP = new GatewayMetrics() {
  };

  /** A sender took a message for {@code target}; it is in flight until {@link #messageCompleted}. */
  default void messageStarted(String target) {
  }

  /** A message has its final outcome, {@code latencyNanos} after {@link #messageStarted}. */
  default void messageCompleted(String target, DeliveryStatus status, long latencyNanos) {
  }

  /** One HTTP attempt ended: {@code outcome} is {@code 2xx} … {@code 5xx}, {@code timeout} or {@code connection_failed}. */
  default void attemptCompleted(String target, String outcome) {
  }

  /** A sender's circuit breaker to {@code target} changed state; {@code sender} tells the senders apart. */
  default void circuitChanged(String target, Object sender, CircuitState state) {
  }

  /** The gateway refused a request with {@code code}. */
  default void requestRefused(FailureCode code) {
  }

  /** What has happened to {@code target}'s messages so far, across every sender of this node. */
  default TargetCounts counts(String target) {
    return TargetCounts.ZERO;
  }

  /** Circuit breaker states, from healthy to stopped; a target shows the worst of its senders' breakers. */
  enum CircuitState {
    CLOSED("closed"), HALF_OPEN("half_open"), OPEN("open");

    private final String json;

    CircuitState(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }
  }

  /**
   * Message counts of one target.
   *
   * @param inFlight messages taken by a sender and not yet completed
   * @param delivered messages completed {@code delivered}
   * @param failed messages completed {@code failed}
   * @param timedOut messages completed {@code timeout}
   * @param circuit the worst state among the senders' circuit breakers to the target
   */
  record TargetCounts(long inFlight, long delivered, long failed, long timedOut, CircuitState circuit) {
    public static final TargetCounts ZERO = new TargetCounts(0, 0, 0, 0, CircuitState.CLOSED);
  }
}
