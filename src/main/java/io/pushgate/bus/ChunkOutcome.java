package io.pushgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A sender's reply to a {@link SendCommand}: one outcome per message of the chunk, in chunk order.
 *
 * @param outcomes the outcomes, whose {@link SendOutcome#index()} is the message's index in its request
 */
public record ChunkOutcome(List<SendOutcome> outcomes) {

  public ChunkOutcome {
    outcomes = List.copyOf(outcomes);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray(new ArrayList<>(outcomes.size()));
    outcomes.forEach(outcome -> array.add(outcome.toJson()));
    return new JsonObject().put("outcomes", array);
  }

  public static ChunkOutcome fromJson(JsonObject json) {
    JsonArray array = json.getJsonArray("outcomes");
    List<SendOutcome> outcomes = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      outcomes.add(SendOutcome.fromJson(array.getJsonObject(i)));
    }
    return new ChunkOutcome(outcomes);
  }
}
