package io.pushgate.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.FailureCode;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link GatewayMetrics} in a Micrometer registry, under Prometheus names:
 * <ul>
 *   <li>{@code pushgate_messages_total{target,status}}: messages by final status</li>
 *   <li>{@code pushgate_attempts_total{target,outcome}}: HTTP attempts by outcome</li>
 *   <li>{@code pushgate_delivery_latency_seconds{target}}: histogram of message latency, first attempt to outcome</li>
 *   <li>{@code pushgate_messages_in_flight{target}}: messages taken by a sender and not yet completed</li>
 *   <li>{@code pushgate_requests_refused_total{reason}}: requests refused, by error code</li>
 *   <li>{@code pushgate_circuit_state{target}}: 0 closed, 1 half-open, 2 open (the worst of the senders')</li>
 * </ul>
 * Meters of the configured targets are built up front, so that the hot path only looks them up.
 */
public final class MicrometerGatewayMetrics implements GatewayMetrics {

  private static final String[] OUTCOMES =
      {"2xx", "3xx", "4xx", "5xx", "timeout", "connection_failed", "circuit_open"};

  private final MeterRegistry registry;
  private final Map<String, TargetMeters> targets = new ConcurrentHashMap<>();

  public MicrometerGatewayMetrics(MeterRegistry registry, Collection<String> targetNames) {
    this.registry = registry;
    targetNames.forEach(name -> targets.put(name, new TargetMeters(registry, name)));
  }

  @Override
  public void messageStarted(String target) {
    meters(target).inFlight.incrementAndGet();
  }

  @Override
  public void messageCompleted(String target, DeliveryStatus status, long latencyNanos) {
    TargetMeters meters = meters(target);
    meters.inFlight.decrementAndGet();
    meters.messages.get(status).increment();
    meters.latency.record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void attemptCompleted(String target, String outcome) {
    Counter counter = meters(target).attempts.get(outcome);
    if (counter != null) {
      counter.increment();
    }
  }

  @Override
  public void circuitChanged(String target, Object sender, CircuitState state) {
    meters(target).circuits.put(sender, state);
  }

  @Override
  public void requestRefused(FailureCode code) {
    registry.counter("pushgate.requests.refused", "reason", code.error()).increment();
  }

  @Override
  public TargetCounts counts(String target) {
    TargetMeters meters = meters(target);
    return new TargetCounts(meters.inFlight.get(), count(meters, DeliveryStatus.DELIVERED),
        count(meters, DeliveryStatus.FAILED), count(meters, DeliveryStatus.TIMEOUT), meters.circuit());
  }

  private static long count(TargetMeters meters, DeliveryStatus status) {
    return (long) meters.messages.get(status).count();
  }

  private TargetMeters meters(String target) {
    return targets.computeIfAbsent(target, name -> new TargetMeters(registry, name));
  }

  /** The meters of one target. */
  private static final class TargetMeters {
    final AtomicLong inFlight = new AtomicLong();
    final Map<DeliveryStatus, Counter> messages = new EnumMap<>(DeliveryStatus.class);
    final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    final Map<Object, CircuitState> circuits = new ConcurrentHashMap<>();
    final Timer latency;

    TargetMeters(MeterRegistry registry, String target) {
      for (DeliveryStatus status : DeliveryStatus.values()) {
        messages.put(status, Counter.builder("pushgate.messages").description("Messages by final status")
            .tags("target", target, "status", status.json()).register(registry));
      }
      for (String outcome : OUTCOMES) {
        attempts.put(outcome, Counter.builder("pushgate.attempts").description("HTTP attempts by outcome")
            .tags("target", target, "outcome", outcome).register(registry));
      }
      latency = Timer.builder("pushgate.delivery.latency")
          .description("Time from a sender taking a message to its final outcome")
          .tags("target", target)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(60))
          .register(registry);
      Gauge.builder("pushgate.messages.in.flight", inFlight, AtomicLong::get)
          .description("Messages taken by a sender and not yet completed")
          .tags("target", target).register(registry);
      Gauge.builder("pushgate.circuit.state", this, meters -> meters.circuit().ordinal())
          .description("Circuit breaker state: 0 closed, 1 half-open, 2 open (the worst of the senders')")
          .tags("target", target).register(registry);
    }

    CircuitState circuit() {
      return circuits.values().stream().max(Comparator.naturalOrder()).orElse(CircuitState.CLOSED);
    }
  }
}
