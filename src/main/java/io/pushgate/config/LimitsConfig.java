package io.pushgate.config;

import io.vertx.core.json.JsonObject;

/**
 * Admission limits of this node ({@code limits.*}).
 *
 * @param maxInFlight the most messages in flight across the gateway; a request that would pass it is refused
 * @param maxTargetSharePercent with more than one target, the most of {@code maxInFlight} one target may hold, in
 *     percent, so that a target that hangs cannot take the whole node's admission from the others
 */
public record LimitsConfig(int maxInFlight, int maxTargetSharePercent) {

  /** Reads a section checked by {@link ConfigValidator}. */
  public static LimitsConfig fromJson(JsonObject json) {
    return new LimitsConfig(json.getInteger("maxInFlight"), json.getInteger("maxTargetSharePercent"));
  }

  /**
   * The most messages one target may hold in flight when {@code targets} targets are configured: all of
   * {@code maxInFlight} for a lone target, which starves no other, else its {@code maxTargetSharePercent}.
   */
  public int targetShare(int targets) {
    return targets > 1 ? (int) ((long) maxInFlight * maxTargetSharePercent / 100) : maxInFlight;
  }

  /** The most messages of {@code target} in flight on this node: its share, and its own {@code maxInFlight}. */
  public int maxInFlightOf(TargetConfig target, int targets) {
    return Math.min(target.maxInFlight(), targetShare(targets));
  }
}
