package io.pushgate.bench;

import org.HdrHistogram.Histogram;

/**
 * What one load run saw: request and per-message latency histograms (µs) and the count of messages that were not
 * delivered. Confined to the event loop that records into it; hand it to another thread only through the future
 * that completes the run.
 */
final class LoadRecorder {

  private final Histogram requestLatency = Percentiles.newHistogram();
  private final Histogram messageLatency = Percentiles.newHistogram();
  private long errors;

  void request(long micros) {
    Percentiles.record(requestLatency, micros);
  }

  void message(long micros) {
    Percentiles.record(messageLatency, micros);
  }

  /** Counts {@code messages} messages that were not delivered, or whose delivery could not be confirmed. */
  void errors(long messages) {
    errors += messages;
  }

  Histogram messageHistogram() {
    return messageLatency;
  }

  /** Adds another run's recordings to this one's. */
  void add(LoadRecorder other) {
    requestLatency.add(other.requestLatency);
    messageLatency.add(other.messageLatency);
    errors += other.errors;
  }

  Measurement measurement(long messages, long elapsedNanos) {
    return new Measurement(messages, elapsedNanos, errors, Percentiles.of(requestLatency),
        Percentiles.of(messageLatency));
  }
}
