package io.pushgate.config;

import io.vertx.core.json.JsonObject;

/**
 * Graceful shutdown ({@code shutdown.*}).
 *
 * @param drainMs how long requests in flight may take to finish once shutdown starts, in milliseconds
 */
public record ShutdownConfig(int drainMs) {

  /** Reads a section checked by {@link ConfigValidator}. */
  public static ShutdownConfig fromJson(JsonObject json) {
    return new ShutdownConfig(json.getInteger("drainMs"));
  }
}
