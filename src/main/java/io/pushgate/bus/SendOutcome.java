package io.pushgate.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * What happened to one message. A target's answer, good or bad, is an outcome, never a bus failure.
 *
 * @param index the message's index in its request
 * @param status the final status
 * @param httpStatus the target's status on the last attempt, or {@link #NO_HTTP_STATUS} when no answer came
 * @param attempts how many attempts were started, 0 when the deadline passed before the first
 * @param latencyMs milliseconds from the sender taking the message to its final outcome
 * @param response the target's body on the last attempt (cut at the configured size), or {@code null}
 * @param responseJson whether {@code response} holds one complete JSON value
 * @param error a snake_case reason when no answer came ({@code connection_failed}, {@code timeout},
 *     {@code deadline_exceeded}, {@code circuit_open}), else {@code null}
 * @param detail text for people about {@code error}, or {@code null}
 * @param node the {@code cluster.nodeName} of the node whose sender delivered it, on a cluster; else {@code null}
 */
public record SendOutcome(int index, DeliveryStatus status, int httpStatus, int attempts, long latencyMs,
                          Buffer response, boolean responseJson, String error, String detail, String node) {

  /** {@link #httpStatus()} when the target gave no answer. */
  public static final int NO_HTTP_STATUS = 0;
  /** {@link #error()} when connecting or talking to the target failed. */
  public static final String ERROR_CONNECTION = "connection_failed";
  /** {@link #error()} when an attempt got no answer within its timeout. */
  public static final String ERROR_TIMEOUT = "timeout";
  /** {@link #error()} when the target's circuit breaker was open: the message was not sent. */
  public static final String ERROR_CIRCUIT_OPEN = "circuit_open";
  /** {@link #error()} when the request's deadline passed before the message had an outcome. */
  public static final String ERROR_DEADLINE = "deadline_exceeded";

  public SendOutcome {
    Objects.requireNonNull(status, "status");
    if (response == null && error == null) {
      throw new IllegalArgumentException("an outcome needs a response or an error");
    }
  }

  /** An outcome for a message that got an HTTP answer. */
  public static SendOutcome answered(int index, DeliveryStatus status, int httpStatus, int attempts, long latencyMs,
                                     Buffer response, boolean responseJson) {
    return new SendOutcome(index, status, httpStatus, attempts, latencyMs, response, responseJson, null, null, null);
  }

  /** An outcome for a message that got no HTTP answer. */
  public static SendOutcome unanswered(int index, DeliveryStatus status, int attempts, long latencyMs, String error,
                                       String detail) {
    return new SendOutcome(index, status, NO_HTTP_STATUS, attempts, latencyMs, null, false, error, detail, null);
  }

  /** This outcome, naming the node that delivered it. */
  public SendOutcome withNode(String node) {
    return new SendOutcome(index, status, httpStatus, attempts, latencyMs, response, responseJson, error, detail, node);
  }

  /** The per-message result object of the public API. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("index", index)
        .put("status", status.json())
        .put("attempts", attempts)
        .put("latencyMs", latencyMs);
    if (httpStatus != NO_HTTP_STATUS) {
      json.put("httpStatus", httpStatus);
    }
    if (response != null) {
      json.put("response", responseJson ? Json.decodeValue(response) : response.toString());
    } else {
      json.put("error", error);
      if (detail != null) {
        json.put("detail", detail);
      }
    }
    if (node != null) {
      json.put("node", node);
    }
    return json;
  }

  public static SendOutcome fromJson(JsonObject json) {
    Object response = json.getValue("response");
    boolean responseJson = response != null && !(response instanceof String);
    Buffer body = response == null ? null
        : responseJson ? Json.encodeToBuffer(response) : Buffer.buffer((String) response);
    return new SendOutcome(json.getInteger("index"), DeliveryStatus.fromJson(json.getString("status")),
        json.getInteger("httpStatus", NO_HTTP_STATUS), json.getInteger("attempts"), json.getLong("latencyMs"),
        body, responseJson, json.getString("error"), json.getString("detail"), json.getString("node"));
  }
}
