package io.pushgate.observability;

import io.pushgate.bus.DeliveryStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one target's messages are doing on this node: in flight, completed by status, the state of the target's
 * circuit breaker, and their latency over the last minute ({@link TargetLatencies}). The senders feed it; {@code GET /v1/targets} and the metrics read it, so both always agree, with
 * or without a metrics registry.
 *
 * <p>Thread-safe: every sender of the node updates it from its own event loop.
 */
public final class TargetStatus {

  /** Circuit breaker states, from healthy to stopped. */
  public enum CircuitState {
    CLOSED("closed"), HALF_OPEN("half_open"), OPEN("open");

    private final String json;

    CircuitState(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }
  }

  private final String target;
  private final AtomicLong inFlight = new AtomicLong();
  private final Map<DeliveryStatus, LongAdder> completed = new EnumMap<>(DeliveryStatus.class);
  private volatile CircuitState circuit = CircuitState.CLOSED;
  private volatile Map<String, CircuitState> circuits = Map.of();
  private final AtomicLong jobsPending = new AtomicLong();
  private volatile LatencyQuantiles latency;

  public TargetStatus(String target) {
    this.target = target;
    for (DeliveryStatus status : DeliveryStatus.values()) {
      completed.put(status, new LongAdder());
    }
  }

  public String target() {
    return target;
  }

  /** A sender took a message; it is in flight until {@link #completed}. */
  public void started() {
    inFlight.incrementAndGet();
  }

  /** A message has its final status. */
  public void completed(DeliveryStatus status) {
    inFlight.decrementAndGet();
    completed.get(status).increment();
  }

  /** The target's circuit breaker changed state. */
  public void circuit(CircuitState state) {
    circuit = state;
  }

  /**
   * The circuits of a target with one per push service (a Web Push target's {@code allowedOrigins} entries) that
   * are not closed, by entry; {@link #circuit} is then the worst of them.
   */
  public void circuits(Map<String, CircuitState> notClosed) {
    circuits = Map.copyOf(notClosed);
  }

  public Map<String, CircuitState> circuits() {
    return circuits;
  }

  /** Messages taken by a sender and not yet completed. */
  public long inFlight() {
    return inFlight.get();
  }

  /** Messages completed with {@code status} since start. */
  public long count(DeliveryStatus status) {
    return completed.get(status).sum();
  }

  /** The job store's latest count of this target's job messages without a final outcome, across nodes. */
  public void jobsPending(long pending) {
    jobsPending.set(pending);
  }

  public long jobsPending() {
    return jobsPending.get();
  }

  public CircuitState circuit() {
    return circuit;
  }

  /** The latest latency over the last minute, from {@link TargetLatencies}; {@code null} for none. */
  public void latency(LatencyQuantiles latency) {
    this.latency = latency;
  }

  /** Delivery latency over the last minute on this node, or {@code null} when no message completed in it. */
  public LatencyQuantiles latency() {
    return latency;
  }
}
