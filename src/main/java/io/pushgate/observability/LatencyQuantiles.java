package io.pushgate.observability;

import io.vertx.core.json.JsonObject;

/**
 * A target's delivery latency over the last minute on this node: the median and the 99th percentile, from a sender
 * taking a message to its final outcome, retries included (what {@code pushgate_delivery_latency_seconds} measures),
 * in milliseconds. Read from the histogram's buckets, so each is as precise as its bucket: within about a fifth of
 * its value.
 */
public record LatencyQuantiles(double p50Ms, double p99Ms) {

  /** {@code {"p50": ms, "p99": ms}}, to a tenth of a millisecond. */
  public JsonObject toJson() {
    return new JsonObject().put("p50", tenths(p50Ms)).put("p99", tenths(p99Ms));
  }

  private static double tenths(double ms) {
    return Math.round(ms * 10) / 10.0;
  }
}
