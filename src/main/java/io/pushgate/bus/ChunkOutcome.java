package io.pushgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A sender's reply to a {@link SendCommand}: one outcome per message of the chunk, in chunk order.
 *
 * @param node the {@code cluster.nodeName} of the sender's node on a cluster, else {@code null}; the aggregator
 *     writes it into each outcome, so that it crosses the bus once per chunk
 * @param outcomes the outcomes, whose {@link SendOutcome#index()} is the message's index in its request
 */
public record ChunkOutcome(String node, List<SendOutcome> outcomes) {

  public ChunkOutcome {
    outcomes = List.copyOf(outcomes);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray(new ArrayList<>(outcomes.size()));
    outcomes.forEach(outcome -> array.add(outcome.toJson()));
    JsonObject json = new JsonObject().put("outcomes", array);
    return node == null ? json : json.put("node", node);
  }

  public static ChunkOutcome fromJson(JsonObject json) {
    JsonArray array = json.getJsonArray("outcomes");
    List<SendOutcome> outcomes = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      outcomes.add(SendOutcome.fromJson(array.getJsonObject(i)));
    }
    return new ChunkOutcome(json.getString("node"), outcomes);
  }
}
