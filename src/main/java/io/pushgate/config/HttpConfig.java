package io.pushgate.config;

import io.vertx.core.json.JsonObject;

/**
 * The HTTP API's settings ({@code http.*}).
 *
 * @param enabled whether to take push requests over HTTP; false gives a node that only sends (and serves
 *     {@code pushgate.push} to its own verticles), whose HTTP server keeps only probes, metrics and lists
 * @param host the interface to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param maxBodyBytes the largest request body accepted, in bytes
 * @param tlsCertPath the PEM certificate (chain) to serve HTTPS with, or {@code null} for plain HTTP
 * @param tlsKeyPath the PEM private key of {@code tlsCertPath}, or {@code null}
 */
public record HttpConfig(boolean enabled, String host, int port, int maxBodyBytes, String tlsCertPath,
                         String tlsKeyPath) {

  /** Reads a section checked by {@link ConfigValidator}. */
  public static HttpConfig fromJson(JsonObject json) {
    JsonObject tls = json.getJsonObject("tls", new JsonObject());
    return new HttpConfig(json.getBoolean("enabled"), json.getString("host"), json.getInteger("port"),
        json.getInteger("maxBodyBytes"), tls.getString("certPath"), tls.getString("keyPath"));
  }

  /** Whether the API serves HTTPS. */
  public boolean tls() {
    return tlsCertPath != null;
  }
}
