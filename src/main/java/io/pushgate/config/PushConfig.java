package io.pushgate.config;

import io.vertx.core.json.JsonObject;

/**
 * Limits of a push request ({@code push.*}).
 *
 * @param maxBatch the most messages one request may hold
 * @param defaultTimeoutMs the request deadline when the caller gives none, in milliseconds
 * @param maxTimeoutMs the longest deadline a caller may ask for, in milliseconds; longer ones are cut to it
 * @param maxResponseBytes how much of each target answer is kept in the result, in bytes
 */
public record PushConfig(int maxBatch, int defaultTimeoutMs, int maxTimeoutMs, int maxResponseBytes) {

  /** Reads a section checked by {@link ConfigValidator}. */
  public static PushConfig fromJson(JsonObject json) {
    return new PushConfig(json.getInteger("maxBatch"), json.getInteger("defaultTimeoutMs"),
        json.getInteger("maxTimeoutMs"), json.getInteger("maxResponseBytes"));
  }

  /** The deadline of a request that asked for {@code requestedMs} (0 for none), in milliseconds. */
  public long deadlineMs(long requestedMs) {
    return requestedMs <= 0 ? defaultTimeoutMs : Math.min(requestedMs, maxTimeoutMs);
  }
}
