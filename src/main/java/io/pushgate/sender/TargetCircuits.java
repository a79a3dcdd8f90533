package io.pushgate.sender;

import io.pushgate.config.TargetConfig;
import io.pushgate.observability.TargetStatus;
import io.pushgate.observability.TargetStatus.CircuitState;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The circuit breakers of one target on one node, shared by every sender. A target whose messages all go to one
 * place has one. A target whose messages each name their own endpoint (Web Push: the subscription's push service)
 * has one per push service, so that a push service that fails stops only the messages to it, not those to every
 * browser's service: the key is the protocol's {@link TargetProtocol#circuitKey}, one of the few the target's
 * config names (its {@code allowedOrigins} entries), never a value a caller makes up.
 *
 * <p>The target's status shows the worst of its circuits ({@code open} when one is) and, with keys, the state of
 * each one that is not closed.
 *
 * <p>Thread-safe: breakers are made on first use from any sender's event loop, and Vert.x's breaker guards its own
 * state (see {@link CircuitBreakingProtocol}).
 */
final class TargetCircuits {

  private final Vertx vertx;
  private final TargetConfig config;
  private final TargetStatus status;
  private final CircuitBreaker whole;
  private final Map<String, CircuitBreaker> keyed = new ConcurrentHashMap<>();
  /** The state of each keyed breaker; its worst is the target's. */
  private final Map<String, CircuitState> states = new ConcurrentHashMap<>();

  private TargetCircuits(Vertx vertx, TargetConfig config, TargetStatus status) {
    this.vertx = vertx;
    this.config = config;
    this.status = status;
    this.whole = breaker("pushgate." + config.name(), status::circuit);
  }

  /** The target's circuits, or {@code null} when its {@code circuitBreaker.maxFailures} is 0. */
  static TargetCircuits of(Vertx vertx, TargetConfig config, TargetStatus status) {
    return config.breakerMaxFailures() == 0 ? null : new TargetCircuits(vertx, config, status);
  }

  /** The breaker for a message whose {@link TargetProtocol#circuitKey} is {@code key}: the target's own for null. */
  CircuitBreaker of(String key) {
    if (key == null) {
      return whole;
    }
    CircuitBreaker breaker = keyed.get(key);
    return breaker != null ? breaker : keyed.computeIfAbsent(key, name -> breaker("pushgate." + config.name() + "."
        + name, state -> changed(name, state)));
  }

  /** Lets go of every breaker's timers. */
  void close() {
    whole.close();
    keyed.values().forEach(CircuitBreaker::close);
  }

  private synchronized void changed(String key, CircuitState state) {
    if (state == CircuitState.CLOSED) {
      states.remove(key);
    } else {
      states.put(key, state);
    }
    CircuitState worst = CircuitState.CLOSED;
    for (CircuitState each : states.values()) {
      if (each.ordinal() > worst.ordinal()) {
        worst = each;
      }
    }
    status.circuits(states);
    status.circuit(worst);
  }

  private CircuitBreaker breaker(String name, Consumer<CircuitState> onChange) {
    return CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
            .setMaxFailures(config.breakerMaxFailures())
            .setResetTimeout(config.breakerResetTimeoutMs())
            // Attempts carry their own timeout; the breaker's would cut long ones short.
            .setTimeout(-1)
            // State changes reach the target's status through the handlers below; no event-bus notifications.
            .setNotificationAddress(null))
        .openHandler(v -> onChange.accept(CircuitState.OPEN))
        .halfOpenHandler(v -> onChange.accept(CircuitState.HALF_OPEN))
        .closeHandler(v -> onChange.accept(CircuitState.CLOSED));
  }
}
