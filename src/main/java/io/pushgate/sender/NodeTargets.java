package io.pushgate.sender;

import io.pushgate.config.TargetConfig;
import io.pushgate.observability.TargetStatus.CircuitState;
import io.pushgate.observability.TargetStatus;
import io.pushgate.observability.TargetStatuses;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What every sender of one node shares per target: its config, its status and its one circuit breaker. A user reads
 * {@code circuitBreaker.maxFailures} as "this many failed attempts to this target on this node", so the breaker is
 * per node, not per sender; its state changes go straight to the target's {@link TargetStatus}, which
 * {@code /v1/targets} and {@code pushgate_circuit_state} read.
 *
 * <p>Thread-safe: built once when the gateway starts, then only read; the breakers are safe to call from every event
 * loop (see {@link CircuitBreakingProtocol}).
 */
public final class NodeTargets {

  private final Map<String, Target> targets;

  private NodeTargets(Map<String, Target> targets) {
    this.targets = targets;
  }

  /** The targets of {@code configs}, each with a breaker unless its {@code maxFailures} is 0. */
  public static NodeTargets create(Vertx vertx, Map<String, TargetConfig> configs, TargetStatuses statuses) {
    return new NodeTargets(configs.values().stream().collect(Collectors.toUnmodifiableMap(TargetConfig::name,
        config -> new Target(config, statuses.of(config.name()), breaker(vertx, config, statuses.of(config.name()))))));
  }

  /** Every target, by name. */
  Map<String, Target> all() {
    return targets;
  }

  /** Lets go of the breakers' timers. */
  public void close() {
    targets.values().stream().filter(target -> target.breaker() != null).forEach(target -> target.breaker().close());
  }

  private static CircuitBreaker breaker(Vertx vertx, TargetConfig config, TargetStatus status) {
    if (config.breakerMaxFailures() == 0) {
      return null;
    }
    return CircuitBreaker.create("pushgate." + config.name(), vertx, new CircuitBreakerOptions()
            .setMaxFailures(config.breakerMaxFailures())
            .setResetTimeout(config.breakerResetTimeoutMs())
            // Attempts carry their own timeout; the breaker's would cut long ones short.
            .setTimeout(-1)
            // State changes reach the target's status through the handlers below; no event-bus notifications.
            .setNotificationAddress(null))
        .openHandler(v -> status.circuit(CircuitState.OPEN))
        .halfOpenHandler(v -> status.circuit(CircuitState.HALF_OPEN))
        .closeHandler(v -> status.circuit(CircuitState.CLOSED));
  }

  /**
   * One target as the senders share it.
   *
   * @param breaker its circuit breaker, or {@code null} when switched off
   */
  record Target(TargetConfig config, TargetStatus status, CircuitBreaker breaker) {
  }
}
