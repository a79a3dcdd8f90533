package io.pushgate.config;

import io.vertx.core.json.JsonObject;

/**
 * The built-in demo receiver ({@code demoReceiver.*}), a push target to try the gateway with.
 *
 * @param enabled whether to start it
 * @param host the interface it listens on
 * @param port the port it listens on
 */
public record DemoReceiverConfig(boolean enabled, String host, int port) {

  /** Reads a section checked by {@link ConfigValidator}. */
  public static DemoReceiverConfig fromJson(JsonObject json) {
    return new DemoReceiverConfig(json.getBoolean("enabled"), json.getString("host"), json.getInteger("port"));
  }
}
