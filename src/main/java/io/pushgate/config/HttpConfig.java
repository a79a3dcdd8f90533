package io.pushgate.config;

import io.vertx.core.json.JsonObject;

/**
 * The HTTP API's settings ({@code http.*}).
 *
 * @param host the interface to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param maxBodyBytes the largest request body accepted, in bytes
 */
public record HttpConfig(String host, int port, int maxBodyBytes) {

  /** Reads a section checked by {@link ConfigValidator}. */
  public static HttpConfig fromJson(JsonObject json) {
    return new HttpConfig(json.getString("host"), json.getInteger("port"), json.getInteger("maxBodyBytes"));
  }
}
