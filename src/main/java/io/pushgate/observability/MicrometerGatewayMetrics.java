package io.pushgate.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pushgate.bus.DeliveryError;
import io.pushgate.bus.DeliveryStatus;
import io.pushgate.bus.FailureCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@link GatewayMetrics} in a Micrometer registry, under Prometheus names:
 * <ul>
 *   <li>{@code pushgate_messages_total{target,status}}: messages by final status</li>
 *   <li>{@code pushgate_attempts_total{target,outcome}}: attempts by outcome</li>
 *   <li>{@code pushgate_tokens_invalid_total{target}}: messages whose provider said their token is gone</li>
 *   <li>{@code pushgate_delivery_latency_seconds{target}}: histogram of message latency, first attempt to outcome</li>
 *   <li>{@code pushgate_messages_in_flight{target}}: messages taken by a sender and not yet completed</li>
 *   <li>{@code pushgate_requests_refused_total{reason}}: requests refused, by error code</li>
 *   <li>{@code pushgate_requests_closed_total{reason}}: requests whose connection closed before their answer was
 *       written: {@code client_closed}, {@code answer_write_timeout}</li>
 *   <li>{@code pushgate_circuit_state{target}}: 0 closed, 1 half-open, 2 open</li>
 *   <li>{@code pushgate_job_messages_pending{target}}: job messages without a final outcome (see
 *       {@link io.pushgate.jobs.JobMeters} for the other job meters)</li>
 * </ul>
 * Message counts, in-flight gauges and circuit states are read from the node's {@link TargetStatuses}; the meters of
 * every configured target are built up front, so that the hot path only looks them up.
 */
public final class MicrometerGatewayMetrics implements GatewayMetrics {

  private final MeterRegistry registry;
  private final Map<String, TargetMeters> targets;

  public MicrometerGatewayMetrics(MeterRegistry registry, TargetStatuses statuses) {
    this.registry = registry;
    this.targets = statuses.all().stream()
        .collect(Collectors.toUnmodifiableMap(TargetStatus::target, status -> new TargetMeters(registry, status)));
  }

  /** The {@code outcome} labels of the attempt metric: the status classes, then the attempt outcomes of errors. */
  static List<String> attemptOutcomes() {
    List<String> outcomes = new ArrayList<>(List.of("2xx", "3xx", "4xx", "5xx"));
    for (DeliveryError error : DeliveryError.values()) {
      if (error.attemptOutcome()) {
        outcomes.add(error.json());
      }
    }
    return outcomes;
  }

  /** The latency timer of {@code target}, a configured target: {@link TargetLatencies} reads its buckets. */
  public Timer latencyTimer(String target) {
    return targets.get(target).latency;
  }

  @Override
  public void messageCompleted(String target, DeliveryStatus status, long latencyNanos) {
    targets.get(target).latency.record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void tokenInvalid(String target) {
    targets.get(target).tokensInvalid.increment();
  }

  @Override
  public void attemptCompleted(String target, String outcome) {
    Counter counter = targets.get(target).attempts.get(outcome);
    if (counter != null) {
      counter.increment();
    }
  }

  @Override
  public void requestRefused(FailureCode code) {
    registry.counter("pushgate.requests.refused", "reason", code.error()).increment();
  }

  @Override
  public void requestClosed(String reason) {
    registry.counter("pushgate.requests.closed", "reason", reason).increment();
  }

  /** The meters of one target. */
  private static final class TargetMeters {
    final Map<String, Counter> attempts;
    final Timer latency;
    final Counter tokensInvalid;

    TargetMeters(MeterRegistry registry, TargetStatus status) {
      String target = status.target();
      for (DeliveryStatus delivery : DeliveryStatus.values()) {
        FunctionCounter.builder("pushgate.messages", status, s -> s.count(delivery))
            .description("Messages by final status")
            .tags("target", target, "status", delivery.json()).register(registry);
      }
      attempts = attemptOutcomes().stream().collect(Collectors.toUnmodifiableMap(outcome -> outcome,
          outcome -> Counter.builder("pushgate.attempts").description("Attempts by outcome")
              .tags("target", target, "outcome", outcome).register(registry)));
      latency = Timer.builder("pushgate.delivery.latency")
          .description("Time from a sender taking a message to its final outcome")
          .tags("target", target)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(60))
          .register(registry);
      tokensInvalid = Counter.builder("pushgate.tokens.invalid")
          .description("Messages whose push provider said their device token or subscription is gone")
          .tags("target", target).register(registry);
      Gauge.builder("pushgate.messages.in.flight", status, TargetStatus::inFlight)
          .description("Messages taken by a sender and not yet completed")
          .tags("target", target).register(registry);
      Gauge.builder("pushgate.job.messages.pending", status, TargetStatus::jobsPending)
          .description("Job messages without a final outcome, as the job store counts them")
          .tags("target", target).register(registry);
      Gauge.builder("pushgate.circuit.state", status, s -> s.circuit().ordinal())
          .description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
          .tags("target", target).register(registry);
    }
  }
}
