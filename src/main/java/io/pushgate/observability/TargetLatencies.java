package io.pushgate.observability;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Every target's delivery latency over the last minute, read from the histogram {@code /metrics} shows
 * ({@code pushgate_delivery_latency_seconds}): {@link #sample()}, called once a second, reads each target's buckets
 * and puts the median and 99th percentile since the reading a minute before into its {@link TargetStatus}, where
 * {@code /v1/targets} and the console read them. Reading costs nothing on the delivery path.
 *
 * <p>{@link #sample()} must always be called from the same thread (one timer); the statuses it writes are
 * thread-safe.
 */
public final class TargetLatencies {

  /** How often to {@link #sample()}, in milliseconds. */
  public static final long SAMPLE_MS = 1000;
  /** The window the quantiles are read over, in milliseconds. */
  static final long WINDOW_MS = 60_000;

  private record Target(TargetStatus status, Timer timer, LatencyWindow window) {
  }

  private final List<Target> targets;

  /** @param timers the latency timer of each target, by name */
  public TargetLatencies(TargetStatuses statuses, Function<String, Timer> timers) {
    this.targets = statuses.all().stream().map(status -> new Target(status, timers.apply(status.target()),
        new LatencyWindow((int) (WINDOW_MS / SAMPLE_MS) + 1))).toList();
  }

  /** Reads every target's histogram and updates its quantiles. */
  public void sample() {
    for (Target target : targets) {
      HistogramSnapshot snapshot = target.timer().takeSnapshot();
      CountAtBucket[] buckets = snapshot.histogramCounts();
      double[] bounds = new double[buckets.length];
      double[] cumulative = new double[buckets.length];
      for (int i = 0; i < buckets.length; i++) {
        bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
        cumulative[i] = buckets[i].count();
      }
      target.window().add(snapshot.count(), bounds, cumulative);
      target.status().latency(target.window().quantiles());
    }
  }
}
