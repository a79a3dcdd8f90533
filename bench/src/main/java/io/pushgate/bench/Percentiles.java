package io.pushgate.bench;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Three latency percentiles, in microseconds, and the histograms they come from. Values above
 * {@link #MAX_MICROS} are recorded as that maximum rather than dropped, so a stall still shows in p99.9.
 *
 * @param p50 median, µs
 * @param p99 99th percentile, µs
 * @param p999 99.9th percentile, µs
 */
record Percentiles(long p50, long p99, long p999) {

  static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

  /** A histogram of microseconds with three significant digits. Not thread-safe: keep one per event loop. */
  static Histogram newHistogram() {
    return new Histogram(MAX_MICROS, 3);
  }

  static void record(Histogram histogram, long micros) {
    histogram.recordValue(Math.max(0, Math.min(micros, MAX_MICROS)));
  }

  /** The percentiles of {@code histogram}, or {@code null} when it holds nothing. */
  static Percentiles of(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return null;
    }
    return new Percentiles(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
        histogram.getValueAtPercentile(99.9));
  }

  JsonObject toJson() {
    return new JsonObject().put("p50", p50).put("p99", p99).put("p999", p999);
  }

  /** Reads {@link #toJson()}; {@code null} stays {@code null}. */
  static Percentiles fromJson(JsonObject json) {
    return json == null ? null : new Percentiles(json.getLong("p50"), json.getLong("p99"), json.getLong("p999"));
  }
}
