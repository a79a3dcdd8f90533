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
 * @param maxBodyBytesInFlight the request body bytes a node reads and holds at once, until each request's answer is
 *     written; a request that would pass it is refused before its body is read
 * @param maxAnswerBytesInFlight the bytes of batch answers a node holds until they are written; while past it, new
 *     push requests are refused before their body is read
 * @param maxConnections the client connections a node keeps open; a few more serve only probes and metrics
 * @param idleTimeoutMs how long a connection may go without reading or writing a byte before it is closed
 * @param requestReadTimeoutMs how long a request may take to arrive, its head (on a new connection, from when it
 *     opened) and its body (from its head)
 * @param answerWriteTimeoutMs how long an answer may wait for its client to read, with no progress, before the
 *     connection is closed
 * @param tlsCertPath the PEM certificate (chain) to serve HTTPS with, or {@code null} for plain HTTP
 * @param tlsKeyPath the PEM private key of {@code tlsCertPath}, or {@code null}
 */
public record HttpConfig(boolean enabled, String host, int port, int maxBodyBytes, int maxBodyBytesInFlight,
                         int maxAnswerBytesInFlight, int maxConnections, long idleTimeoutMs,
                         long requestReadTimeoutMs, long answerWriteTimeoutMs, String tlsCertPath,
                         String tlsKeyPath) {

  /** Reads a section checked by {@link ConfigValidator}. */
  public static HttpConfig fromJson(JsonObject json) {
    JsonObject tls = json.getJsonObject("tls", new JsonObject());
    return new HttpConfig(json.getBoolean("enabled"), json.getString("host"), json.getInteger("port"),
        json.getInteger("maxBodyBytes"), json.getInteger("maxBodyBytesInFlight"),
        json.getInteger("maxAnswerBytesInFlight"), json.getInteger("maxConnections"), json.getLong("idleTimeoutMs"),
        json.getLong("requestReadTimeoutMs"), json.getLong("answerWriteTimeoutMs"), tls.getString("certPath"),
        tls.getString("keyPath"));
  }

  /** Whether the API serves HTTPS. */
  public boolean tls() {
    return tlsCertPath != null;
  }
}
