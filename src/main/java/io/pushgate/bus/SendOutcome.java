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
 * @param attempts how many attempts reached the network, 0 when none did
 * @param latencyMs milliseconds from the sender taking the message to its final outcome
 * @param response the target's body on the last attempt (cut at the configured size), or {@code null}
 * @param responseJson whether {@code response} holds one complete JSON value
 * @param error why no answer came, or {@code null} when {@code response} holds the answer
 * @param detail text for people: about {@code error}, or why retries stopped before {@code maxAttempts}; or
 *     {@code null}
 * @param node the {@code cluster.nodeName} of the node whose sender delivered it, on a cluster; else {@code null}
 * @param tokenInvalid whether a push provider said the message's device token or subscription is gone for good
 */
public record SendOutcome(int index, DeliveryStatus status, int httpStatus, int attempts, long latencyMs,
                          Buffer response, boolean responseJson, DeliveryError error, String detail, String node,
                          boolean tokenInvalid) {

  /** {@link #httpStatus()} when the target gave no answer. */
  public static final int NO_HTTP_STATUS = 0;

  public SendOutcome {
    Objects.requireNonNull(status, "status");
    if (response == null && error == null) {
      throw new IllegalArgumentException("an outcome needs a response or an error");
    }
  }

  /** An outcome for a message that got an HTTP answer. */
  public static SendOutcome answered(int index, DeliveryStatus status, int httpStatus, int attempts, long latencyMs,
                                     Buffer response, boolean responseJson) {
    return new SendOutcome(index, status, httpStatus, attempts, latencyMs, response, responseJson, null, null, null,
        false);
  }

  /** An outcome for a message that got no HTTP answer. */
  public static SendOutcome unanswered(int index, DeliveryStatus status, int attempts, long latencyMs,
                                       DeliveryError error, String detail) {
    return new SendOutcome(index, status, NO_HTTP_STATUS, attempts, latencyMs, null, false, error, detail, null,
        false);
  }

  /** This outcome, naming the node that delivered it. */
  public SendOutcome withNode(String node) {
    return new SendOutcome(index, status, httpStatus, attempts, latencyMs, response, responseJson, error, detail, node,
        tokenInvalid);
  }

  /** This outcome, saying that the provider called its device token or subscription gone: delete it. */
  public SendOutcome withTokenInvalid() {
    return new SendOutcome(index, status, httpStatus, attempts, latencyMs, response, responseJson, error, detail, node,
        true);
  }

  /** This outcome with {@code detail} for people, e.g. why its retries stopped early. */
  public SendOutcome withDetail(String detail) {
    return new SendOutcome(index, status, httpStatus, attempts, latencyMs, response, responseJson, error, detail, node,
        tokenInvalid);
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
      json.put("error", error.json());
    }
    if (detail != null) {
      json.put("detail", detail);
    }
    if (node != null) {
      json.put("node", node);
    }
    if (tokenInvalid) {
      json.put("tokenInvalid", true);
    }
    return json;
  }
}
