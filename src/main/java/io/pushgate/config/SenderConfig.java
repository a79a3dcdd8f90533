package io.pushgate.config;

import io.vertx.core.json.JsonObject;

/**
 * Settings of the sender verticles ({@code senders.*}).
 *
 * @param instances how many sender verticles to deploy; 0 means one per event loop
 * @param maxConnectionsPerTarget the most keep-alive connections one sender opens to one target, which is also the
 *     most requests it has in flight to that target
 * @param maxWaitQueue the bound of each sender's HTTP client pool wait queue
 */
public record SenderConfig(int instances, int maxConnectionsPerTarget, int maxWaitQueue) {

  /** Reads a section checked by {@link ConfigValidator}. */
  public static SenderConfig fromJson(JsonObject json) {
    return new SenderConfig(json.getInteger("instances"), json.getInteger("maxConnectionsPerTarget"),
        json.getInteger("maxWaitQueue"));
  }
}
