package io.pushgate.observability;

import java.util.ArrayDeque;

/**
 * Quantiles of a histogram over a sliding window: it keeps the last few samples of the histogram's cumulative bucket
 * counts (which only grow) and reads the quantiles of the difference between the newest and the oldest, as
 * Prometheus's {@code histogram_quantile} over a {@code rate} would. Confined to one thread.
 */
final class LatencyWindow {

  /** One reading of the histogram: its total count and, per bucket, the count of values up to its bound. */
  private record Sample(double count, double[] cumulative) {
  }

  private final int capacity;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private double[] boundsMs = new double[0];

  /** @param capacity how many samples to keep: the window spans {@code capacity - 1} sampling intervals */
  LatencyWindow(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Adds a reading: the histogram's total count and the cumulative count at each bucket bound (in milliseconds,
   * ascending, the same at every reading), then drops the oldest past the capacity.
   */
  void add(double count, double[] boundsMs, double[] cumulative) {
    this.boundsMs = boundsMs;
    samples.addLast(new Sample(count, cumulative));
    if (samples.size() > capacity) {
      samples.removeFirst();
    }
  }

  /** The median and 99th percentile of the values recorded within the window; {@code null} when there were none. */
  LatencyQuantiles quantiles() {
    if (samples.size() < 2) {
      return null;
    }
    Sample oldest = samples.getFirst();
    Sample newest = samples.getLast();
    double total = newest.count() - oldest.count();
    if (total <= 0) {
      return null;
    }
    double[] cumulative = new double[boundsMs.length];
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] = newest.cumulative()[i] - oldest.cumulative()[i];
    }
    return new LatencyQuantiles(quantile(0.5, boundsMs, cumulative, total),
        quantile(0.99, boundsMs, cumulative, total));
  }

  /**
   * The {@code q} quantile of {@code total} values whose cumulative count at each bound is given: found in the
   * first bucket that reaches its rank, by linear interpolation inside it (the lowest bucket starting at 0). A rank
   * past the last bucket (values above the histogram's largest bound) gives that bound.
   */
  static double quantile(double q, double[] boundsMs, double[] cumulative, double total) {
    double rank = q * total;
    for (int i = 0; i < boundsMs.length; i++) {
      if (cumulative[i] >= rank) {
        double lower = i == 0 ? 0 : boundsMs[i - 1];
        double below = i == 0 ? 0 : cumulative[i - 1];
        double inBucket = cumulative[i] - below;
        double fraction = inBucket <= 0 ? 1 : (rank - below) / inBucket;
        return lower + (boundsMs[i] - lower) * fraction;
      }
    }
    return boundsMs.length == 0 ? 0 : boundsMs[boundsMs.length - 1];
  }
}
