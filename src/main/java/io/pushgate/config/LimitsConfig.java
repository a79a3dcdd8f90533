package io.pushgate.config;

import io.vertx.core.json.JsonObject;

/**
 * Admission limits of this node ({@code limits.*}).
 *
 * @param maxInFlight the most messages in flight across the gateway; a request that would pass it is refused
 */
public record LimitsConfig(int maxInFlight) {

  /** Reads a section checked by {@link ConfigValidator}. */
  public static LimitsConfig fromJson(JsonObject json) {
    return new LimitsConfig(json.getInteger("maxInFlight"));
  }
}
