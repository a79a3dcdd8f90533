package io.pushgate.observability;

import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.FailureCode;

/**
 * Listener for what the gateway does, one call per event. The default methods do nothing; {@link #NOOP} records
 * nothing. What the API shows about a target (in flight, counts, circuit) is kept in {@link TargetStatus}, not
 * here, so that it is true without a metrics registry too.
 *
 * <p>Calls arrive from every event loop at once: implementations must be thread-safe and cheap, since message
 * calls are on the delivery hot path.
 */
public interface GatewayMetrics {

  /** A listener that records nothing. */
  GatewayMetrics NOOP = new GatewayMetrics() {
  };

  /** A message has its final outcome, {@code latencyNanos} after a sender took it. */
  default void messageCompleted(String target, DeliveryStatus status, long latencyNanos) {
  }

  /** A push provider said a message's device token or subscription is gone for good. */
  default void tokenInvalid(String target) {
  }

  /**
   * One attempt ended: {@code outcome} is {@code 2xx} … {@code 5xx} or an attempt outcome of
   * {@link io.pushgate.bus.DeliveryError}.
   */
  default void attemptCompleted(String target, String outcome) {
  }

  /** The gateway refused a request with {@code code}. */
  default void requestRefused(FailureCode code) {
  }

  /**
   * A request's connection closed before its answer was written: {@code client_closed} when the client went away,
   * {@code answer_write_timeout} when the gateway closed it because the client stopped reading.
   */
  default void requestClosed(String reason) {
  }
}
