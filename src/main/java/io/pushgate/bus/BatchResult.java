package io.pushgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one {@link PushRequest}: one outcome per message, index-aligned with the request's messages.
 *
 * @param requestId the request's id
 * @param target the target the messages went to
 * @param durationMs milliseconds from the aggregator taking the request to its answer
 * @param results the outcomes; {@code results.get(i).index() == i}
 */
public record BatchResult(String requestId, String target, long durationMs, List<SendOutcome> results) {

  public BatchResult {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(target, "target");
    results = List.copyOf(results);
  }

  /** How many results have {@code status}. */
  public int count(DeliveryStatus status) {
    int count = 0;
    for (SendOutcome outcome : results) {
      if (outcome.status() == status) {
        count++;
      }
    }
    return count;
  }

  /** How many results say that their device token or subscription is gone. */
  public int tokensInvalid() {
    int count = 0;
    for (SendOutcome outcome : results) {
      if (outcome.tokenInvalid()) {
        count++;
      }
    }
    return count;
  }

  /**
   * The public summary: {@code requestId, target, total, delivered, failed, timedOut, tokenInvalid, durationMs,
   * results}.
   */
  public JsonObject toJson() {
    JsonArray array = new JsonArray(new ArrayList<>(results.size()));
    results.forEach(outcome -> array.add(outcome.toJson()));
    return new JsonObject()
        .put("requestId", requestId)
        .put("target", target)
        .put("total", results.size())
        .put("delivered", count(DeliveryStatus.DELIVERED))
        .put("failed", count(DeliveryStatus.FAILED))
        .put("timedOut", count(DeliveryStatus.TIMEOUT))
        .put("tokenInvalid", tokensInvalid())
        .put("durationMs", durationMs)
        .put("results", array);
  }
}
